"""The editor's menu entries and shortcuts (Story and Edit menus, the city vocabulary), kept out of the main
window, which only builds the frame and hands work to panes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from editor_app.domain.permissions import Action, allowed
from editor_app.ui.editor import jobs
from editor_app.ui.editor.desk import StoryDesk
from editor_app.ui.editor.dialogs import CityVocabularyDialog, NewStoryDialog

if TYPE_CHECKING:
    from editor_app.ui.main_window import MainWindow


class EditorActions:
    def __init__(self, window: MainWindow, desk: StoryDesk) -> None:
        self.window = window
        self.desk = desk
        self.pane = desk.editor
        self.controller = desk.controller
        act = self._action
        self.new_story = act("&New Story…", QKeySequence.StandardKey.New, self.choose_new_story,
                             "Start a story from a template")
        self.duplicate = act("&Duplicate Story", "Ctrl+Shift+D", self.duplicate_current,
                             "A new draft with this story's text, bylines, tags and photos")
        self.save = act("&Save", QKeySequence.StandardKey.Save, self.controller.save_now,
                        "Save now and keep a revision (autosave runs anyway)")
        self.undo = act("&Undo", QKeySequence.StandardKey.Undo, self.pane.body.undo, "Undo in the body")
        self.redo = act("&Redo", "Ctrl+Shift+Z", self.pane.body.redo, "Redo in the body")
        self.replace = act("&Replace…", "Ctrl+H", lambda: self._find_bar(replace=True), "Find and replace in the body")
        self.find_next = act("Find &Next", "F3", self.pane.find_bar.find_next, "Find the next match")
        self.find_previous = act("Find &Previous", "Shift+F3", self.pane.find_bar.find_previous,
                                 "Find the previous match")
        self.go_body = act("Go to the &Body", "Ctrl+Shift+M", self.controller.focus_body, "Write in the body")
        self.go_bylines = act("Add a &Byline", "Ctrl+Shift+B", lambda: self._focus(self.pane.bylines.name_box),
                              "Type a contributor's name")
        self.go_cities = act("Add a &City Tag", "Ctrl+Shift+T", lambda: self._focus(self.pane.cities.input),
                             "Type a city")
        self.toggle_list = act("Show the Story &List", "F9", self._toggle_list, "Hide or show the story list")
        self.toggle_list.setCheckable(True)
        self.toggle_list.setChecked(True)
        self.cities = act("&Cities…", None, self.open_city_vocabulary, "The city vocabulary: merge two cities")
        self.story_actions = [self.duplicate, self.save, self.undo, self.redo, self.replace, self.find_next,
                              self.find_previous, self.go_body, self.go_bylines, self.go_cities]
        self.set_enabled(False)

    def _action(self, text: str, shortcut: QKeySequence.StandardKey | str | None, slot: object,
                tip: str) -> QAction:
        action = QAction(text, self.window)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        self.window.addAction(action)
        return action

    def add_menus(self, before: QAction) -> None:
        """The Story and Edit menus, before the View menu."""
        bar = self.window.menuBar()
        story = QMenu("&Story", bar)
        story.addActions([self.new_story, self.duplicate, self.save])
        edit = QMenu("&Edit", bar)
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addActions([self.replace, self.find_next, self.find_previous])
        edit.addSeparator()
        edit.addActions([self.go_body, self.go_bylines, self.go_cities])
        newsroom = QMenu("&Newsroom", bar)
        newsroom.addAction(self.cities)
        for menu in (story, edit, newsroom):
            bar.insertMenu(before, menu)

    def set_enabled(self, newsroom_open: bool) -> None:
        self.new_story.setEnabled(newsroom_open)
        editing = newsroom_open and self.desk.editing
        for action in self.story_actions:
            action.setEnabled(editing)
        actor = self.window.actor
        self.cities.setEnabled(newsroom_open and actor is not None
                               and allowed(actor.role, Action.MANAGE_VOCABULARIES))

    # --- what the actions do ----------------------------------------------------------------
    def find(self) -> None:
        """Ctrl+F: in the story when the editor has the focus, else the story list's search."""
        if self.desk.contains_focus():
            self._find_bar(replace=False)
        else:
            self.window.list_pane.focus_search()

    def _find_bar(self, replace: bool) -> None:
        if self.desk.editing:
            self.pane.find_bar.open_find(replace)

    def _focus(self, widget: QWidget) -> None:
        if self.desk.editing:
            widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _toggle_list(self, shown: bool) -> None:
        self.window.list_pane.setVisible(shown)
        if not shown:
            self.desk.focus_story()

    def choose_new_story(self) -> None:
        templates = jobs.templates()
        sections = [self.pane.section.itemText(i) for i in range(self.pane.section.count())]
        dialog = NewStoryDialog(templates, sections, self.window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.create_story(*dialog.choice())

    def create_story(self, template_key: str, headline: str, section: str) -> None:
        window = self.window
        if window.db is None or window.actor is None:
            return
        db, actor = window.db, window.actor
        window.runner.run(lambda: jobs.new_story(db, actor, template_key, headline, section), self._created,
                          window.report)

    def duplicate_current(self) -> None:
        window, story_id = self.window, self.controller.story_id
        if window.db is None or window.actor is None or story_id is None:
            return
        db, actor = window.db, window.actor
        self.controller.flush()
        window.runner.run(lambda: jobs.duplicate(db, actor, story_id), self._created, window.report)

    def _created(self, story_id: int) -> None:
        self.window.hub.message.emit(f"Story {story_id} created.")
        self.desk.open_story(story_id)
        self.window.list_pane.select_story(story_id)
        self.desk.focus_story()

    def open_city_vocabulary(self) -> None:
        window = self.window
        if window.db is None or window.actor is None:
            return
        db, actor = window.db, window.actor

        def show(vocabulary: jobs.Vocabulary) -> None:
            dialog = CityVocabularyDialog(vocabulary.cities, window)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self.merge_cities(*dialog.choice())

        window.runner.run(lambda: jobs.vocabulary(db, actor), show, window.report)

    def merge_cities(self, source: str, target: str) -> None:
        window = self.window
        if window.db is None or window.actor is None:
            return
        db, actor = window.db, window.actor

        def merged(count: int) -> None:
            window.hub.message.emit(f"Merged {source} into {target}: {count} stories retagged.")
            self.controller.load_vocabulary()
            window.hub.stories_changed.emit()
            if self.controller.story_id is not None:
                self.controller.open_story(self.controller.story_id, force=True)

        self.controller.flush()
        window.runner.run(lambda: jobs.merge_cities(db, actor, source, target), merged, window.report)
