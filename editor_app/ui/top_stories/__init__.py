"""The Top stories view: the board (week navigation, candidates beside the ordered picks, side panels, publish and
newsletter), installed into the main window by one call.

- `TopStoriesBoard(runner)`: the pane; `set_newsroom(opened)` after the newsroom opens.
- `install_top_stories(window)`: adds the board to the window's views, the "Top Stories" view action (Ctrl+3)
  beside Stories and Photo Desk, and wires it to the hub and the publishing queue. `window.top_stories` holds
  the returned `TopStoriesUi`.
"""

from typing import TYPE_CHECKING, Any

from editor_app.ui.top_stories.install import TopStoriesUi, install_top_stories

if TYPE_CHECKING:
    from editor_app.ui.top_stories.board import TopStoriesBoard

__all__ = ["TopStoriesBoard", "TopStoriesUi", "install_top_stories"]


def __getattr__(name: str) -> Any:
    """The board is imported when asked for (start-up installs the view without building it)."""
    if name == "TopStoriesBoard":
        from editor_app.ui.top_stories.board import TopStoriesBoard

        return TopStoriesBoard
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
