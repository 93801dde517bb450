"""Editorial Workstation: the desktop newsroom tool of a weekly newspaper."""

__version__ = "0.1.0"
APP_NAME = "Editorial Workstation"
APP_ID = "editor-app"
