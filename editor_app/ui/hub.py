"""The one event hub: typed signals that panes emit and listen to, connected in MainWindow."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    newsroom_opened = Signal(object)  # a newsroom_jobs.OpenedNewsroom: the database and who works at it
    stories_changed = Signal()  # something added or changed stories: lists reload
    story_opened = Signal(int)  # a story id the user asked to read
    story_saved = Signal(int, str)  # an autosave changed a story's headline: id, the new headline
    message = Signal(str)  # a short line for the status bar
