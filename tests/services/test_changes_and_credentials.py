"""Live refresh on SQLite (a change counter and PRAGMA data_version), the credential stores, and the
embedded profile's lack of sign-in."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from editor_app.domain.errors import KnownError
from editor_app.services import locks, notes, workflow
from editor_app.services.auth import sign_in, sign_in_required
from editor_app.services.changes import ChangeFeed, ChangeKind, changes_since, current_token
from editor_app.services.credentials import (
    KeyringStore,
    MemoryStore,
    NoKeyringError,
    database_key,
    forget_database_password,
    remember_database_password,
    with_database_password,
)
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_write import save_story
from editor_app.services.top_stories import set_picks
from editor_app.storage.engine import Database
from editor_app.storage.open import open_database
from editor_app.storage.profile import Profile
from tests.workflow_helpers import Staff, add_staff, complete_story, new_story, version_of


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def test_changes_since_names_the_stories_and_what_changed(newsroom: Database, staff: Staff) -> None:
    first = new_story(newsroom, staff.writer)
    token = current_token(newsroom, staff.editor)
    second = new_story(newsroom, staff.writer2)
    save_story(newsroom, staff.writer, first, version_of(newsroom, first), StoryChanges(deck="New deck"))
    notes.add_note(newsroom, staff.editor, first, "Nice.")
    held = locks.open_for_editing(newsroom, staff.writer, first)
    batch = changes_since(newsroom, staff.editor, token)
    assert batch.story_ids == {first, second} and not batch.reload_all
    assert batch.stories[first] == {ChangeKind.STORY, ChangeKind.NOTES, ChangeKind.LOCK}
    assert batch.stories[second] == {ChangeKind.STORY}
    assert changes_since(newsroom, staff.editor, batch.token).empty  # nothing new since
    assert held.lock is not None and held.lock.token is not None
    locks.release(newsroom, staff.writer, held.lock.token)
    workflow.submit(newsroom, staff.writer2, second)
    later = changes_since(newsroom, staff.editor, batch.token)
    assert later.stories == {first: {ChangeKind.LOCK}, second: {ChangeKind.STORY}}


def test_a_new_order_of_top_stories_is_a_change_without_a_story(newsroom: Database, staff: Staff) -> None:
    story = new_story(newsroom, staff.writer, complete_story())
    workflow.submit(newsroom, staff.writer, story)
    workflow.approve(newsroom, staff.editor, story)
    week = get_story(newsroom, staff.editor, story).week
    token = current_token(newsroom, staff.editor)
    set_picks(newsroom, staff.editor, week, [story], expected_version=0)
    batch = changes_since(newsroom, staff.writer, token)
    assert batch.top_stories and batch.stories == {} and not batch.empty
    again = changes_since(newsroom, staff.writer, batch.token)
    assert again.empty and not again.top_stories
    set_picks(newsroom, staff.editor, week, [story], expected_version=None)  # the same order: nothing changed
    assert changes_since(newsroom, staff.writer, batch.token).empty


def test_a_feed_on_another_desk_sees_commits_and_stays_quiet_otherwise(newsroom: Database, staff: Staff,
                                                                       profile: Profile) -> None:
    """Two engines on one file, as two workstations: the feed's probe costs no query when nothing changed."""
    story_id = new_story(newsroom, staff.writer)
    other_desk = open_database(profile)
    queries: list[str] = []
    event.listen(other_desk.engine, "before_cursor_execute", lambda *args: queries.append(args[2]))
    try:
        with ChangeFeed(other_desk, staff.editor) as feed:
            queries.clear()
            assert feed.poll().empty and feed.poll().empty
            assert queries == []  # PRAGMA data_version runs on the feed's own connection, not the pool's
            save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id), StoryChanges(deck="v2"))
            batch = feed.poll()
            assert batch.story_ids == {story_id} and batch.stories[story_id] == {ChangeKind.STORY}
            assert feed.poll().empty
            notes.add_note(newsroom, staff.editor, story_id, "One more thing.")
            assert feed.poll().stories == {story_id: {ChangeKind.NOTES}}
    finally:
        other_desk.dispose()


def test_a_token_older_than_the_kept_changes_asks_for_a_full_reload(newsroom: Database, staff: Staff) -> None:
    from sqlalchemy import delete

    from editor_app.storage.models import NewsroomChange

    story_id = new_story(newsroom, staff.writer)
    old = current_token(newsroom, staff.editor)
    for n in range(3):
        save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id), StoryChanges(deck=f"d{n}"))
    with newsroom.session() as session:  # what pruning does to rows older than KEEP_CHANGES
        session.execute(delete(NewsroomChange).where(NewsroomChange.id <= old + 1))
    batch = changes_since(newsroom, staff.editor, old)
    assert batch.reload_all and batch.token == current_token(newsroom, staff.editor)


def test_ids_keep_growing_after_every_row_is_pruned(newsroom: Database, staff: Staff) -> None:
    from sqlalchemy import delete

    from editor_app.storage.models import NewsroomChange

    story_id = new_story(newsroom, staff.writer)
    token = current_token(newsroom, staff.editor)
    with newsroom.session() as session:
        session.execute(delete(NewsroomChange))
    save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id), StoryChanges(deck="after"))
    assert current_token(newsroom, staff.editor) > token  # AUTOINCREMENT: a reused id would hide a change


def test_a_deactivated_account_cannot_poll(newsroom: Database, staff: Staff) -> None:
    from editor_app.domain.errors import PermissionDeniedError
    from editor_app.services import users

    token = current_token(newsroom, staff.writer)
    new_story(newsroom, staff.writer2)
    users.set_active(newsroom, staff.admin, "wendy", False)
    with pytest.raises(PermissionDeniedError, match="deactivated"):
        changes_since(newsroom, staff.writer, token)


def test_the_embedded_profile_has_no_sign_in(newsroom: Database) -> None:
    assert not sign_in_required(newsroom)
    with pytest.raises(KnownError, match="single-desk profile has no sign-in"):
        sign_in(newsroom, "anybody", "whatever")


# --- credentials ----------------------------------------------------------------------------------------
URL = "postgresql+psycopg://news@db.example:5433/newsroom"


def test_the_database_password_is_kept_by_the_store_not_the_url() -> None:
    store = MemoryStore()
    assert with_database_password(URL, store) == URL  # nothing kept yet: libpq's own ways apply
    remember_database_password(store, URL, "s3cret/with@chars")
    assert database_key(URL) == "database postgresql://news@db.example:5433/newsroom"
    assert "s3cret" not in database_key(URL)
    filled = with_database_password(URL, store)
    from sqlalchemy.engine import make_url

    assert make_url(filled).password == "s3cret/with@chars" and make_url(filled).host == "db.example"
    assert with_database_password("postgresql+psycopg://news:given@db.example:5433/newsroom", store).endswith(
        ":given@db.example:5433/newsroom")
    assert with_database_password("sqlite:////tmp/x.sqlite", store) == "sqlite:////tmp/x.sqlite"
    forget_database_password(store, URL)
    assert with_database_password(URL, store) == URL


def test_socket_urls_have_their_own_key() -> None:
    socket = "postgresql+psycopg://postgres@/newsroom?host=/run/postgresql&port=5432"
    assert database_key(socket) == "database postgresql://postgres@/run/postgresql:5432/newsroom"


def test_without_a_secure_keyring_it_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """This machine's keyring is the 'fail' backend (no Secret Service): reading finds nothing, keeping a
    password is refused in plain words."""
    import keyring
    from keyring.backends import fail

    monkeypatch.setattr(keyring, "get_keyring", fail.Keyring)
    store = KeyringStore()
    assert store.get(database_key(URL)) is None
    with pytest.raises(NoKeyringError, match="no secure keyring"):
        store.set(database_key(URL), "secret")
    store.delete(database_key(URL))  # forgetting what was never kept is not an error
