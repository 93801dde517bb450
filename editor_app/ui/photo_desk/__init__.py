"""The photo desk pane (thumbnail grid, filters, details, batch edit, imports) and the import controller
the story editor can share.

- `PhotoDeskPane(runner)`: the pane; `set_newsroom(opened)` after the newsroom opens.
- `PhotoImporter(runner, store=None)`: files, folders, drops and pastes into the desk, off the GUI thread,
  with progress and cancel (see importer.py); `can_accept(mime)` for drag-enter checks.
- `ImportProgress(importer)`: the progress strip any pane can show for an importer.
"""

from typing import TYPE_CHECKING, Any

from editor_app.ui.photo_desk.importer import ImportReport, PhotoImporter, can_accept
from editor_app.ui.photo_desk.progress import ImportProgress

if TYPE_CHECKING:
    from editor_app.ui.photo_desk.pane import PhotoDeskPane

__all__ = ["ImportProgress", "ImportReport", "PhotoDeskPane", "PhotoImporter", "can_accept"]


def __getattr__(name: str) -> Any:
    """The pane is imported when asked for: the editor's photo drops use the importer, and start-up should not
    pay for the whole desk before the window paints."""
    if name == "PhotoDeskPane":
        from editor_app.ui.photo_desk.pane import PhotoDeskPane

        return PhotoDeskPane
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
