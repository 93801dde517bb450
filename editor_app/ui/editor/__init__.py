"""The story editor: fields, Markdown body, bylines, city chips, live preview, autosave, history."""
