"""Markdown to sanitized HTML and page templates: one renderer for preview and publishing. No Qt."""
