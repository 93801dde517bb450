"""Rules that would be true on paper: no Qt, no database."""
