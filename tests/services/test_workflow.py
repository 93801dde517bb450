"""The workflow through the services: the full path from draft to approval, refusals, corrections, schedules."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from editor_app.domain.bylines import Byline
from editor_app.domain.errors import ConflictError, KnownError, PermissionDeniedError, ValidationError
from editor_app.domain.house_style import Level
from editor_app.domain.stories import Dateline
from editor_app.domain.workflow import Correction, Status
from editor_app.services import notes, workflow
from editor_app.services.audit import story_trail
from editor_app.services.house_style import check, fix_changes
from editor_app.services.queues import Queue, queue_counts, queue_stories
from editor_app.services.revisions import revision_state
from editor_app.services.story_changes import PhotoPlacement, StoryChanges
from editor_app.services.story_read import get_story
from editor_app.services.story_records import load_article, read_story
from editor_app.services.story_write import save_story
from editor_app.storage.engine import Database
from tests.helpers import photo
from tests.workflow_helpers import Staff, add_staff, complete_story, force_status, new_story, png, status_of, version_of


@pytest.fixture
def staff(newsroom: Database) -> Staff:
    return add_staff(newsroom)


def counts(db: Database, actor: object) -> dict[Queue, int]:
    return {q: n for q, n in queue_counts(db, actor).items() if n}  # type: ignore[arg-type]


def test_the_full_path_writer_editor_writer_editor(newsroom: Database, staff: Staff) -> None:
    """Done-when of issue 9: submit, changes requested with a note, the writer fixes the findings, approval;
    each step in the queues and the audit trail."""
    db, writer, editor = newsroom, staff.writer, staff.editor
    rough = complete_story(bylines=(), dateline=Dateline("Gyumri"), photos=(
        photo(png(), "school.png", role="lead", caption="The new school in Gyumri", credit="Photo: Ani Sarkissian",
              alt=""),))
    story_id = new_story(db, writer, rough)
    assert counts(db, writer) == {Queue.MY_DRAFTS: 1}

    submitted = workflow.submit(db, writer, story_id)
    assert submitted.status is Status.SUBMITTED
    assert {f.code for f in submitted.findings} == {"no-byline", "lead-photo-alt", "credit-form",
                                                    "dateline-city-untagged"}
    assert counts(db, writer) == {Queue.AWAITING_REVIEW: 1}
    assert counts(db, editor) == {Queue.AWAITING_REVIEW: 1}
    assert [r.id for r in queue_stories(db, editor, Queue.AWAITING_REVIEW)] == [story_id]

    with pytest.raises(ValidationError, match="cannot be approved yet: The story has no byline; The lead photo"):
        workflow.approve(db, editor, story_id)
    assert status_of(db, story_id) is Status.SUBMITTED

    back = workflow.request_changes(db, editor, story_id, "Add your byline and the photo's alt text, please.")
    assert back.status is Status.CHANGES_REQUESTED
    assert counts(db, writer) == {Queue.CHANGES_REQUESTED: 1}
    assert counts(db, editor) == {Queue.CHANGES_REQUESTED: 1}
    [thread] = notes.list_notes(db, writer, story_id)
    assert thread.note.author == "Anna Petrosyan"
    assert thread.note.body == "Add your byline and the photo's alt text, please."

    # the writer makes every one-click fix there is, then writes the alt text by hand
    for _ in range(5):
        fixable = [f for f in check(db, writer, story_id) if f.fix is not None]
        if not fixable:
            break
        with db.session() as session:
            state = read_story(session, story_id)[1]
        assert fixable[0].fix is not None
        save_story(db, writer, story_id, version_of(db, story_id), fix_changes(state, fixable[0].fix))
    with db.session() as session:
        placed = read_story(session, story_id)[1].photos[0]
    save_story(db, writer, story_id, version_of(db, story_id), StoryChanges(photos=(PhotoPlacement(
        image_id=placed.image_id, role="lead", caption=placed.caption, credit=placed.credit,
        alt="Children in front of the new school"),)))
    assert [f.code for f in check(db, writer, story_id)] == []
    detail = get_story(db, writer, story_id)
    assert detail.bylines == (Byline("Wendy Writer"),) and detail.cities == ("Yerevan", "Gyumri")
    assert detail.photos[0].credit == "Ani Sarkissian photo"
    notes.add_note(db, writer, story_id, "Done, both added.", reply_to=thread.id)
    notes.resolve_thread(db, writer, thread.id)

    workflow.submit(db, writer, story_id)
    assert counts(db, editor) == {Queue.AWAITING_REVIEW: 1}
    approved = workflow.approve(db, editor, story_id, expected_version=version_of(db, story_id))
    assert approved.status is Status.APPROVED and approved.findings == ()
    assert counts(db, writer) == {Queue.APPROVED: 1} and counts(db, editor) == {Queue.APPROVED: 1}

    moves = [(e.user, e.detail["from"], e.detail["to"], e.detail.get("note", ""))
             for e in story_trail(db, writer, story_id) if e.action == "story.transition"]
    assert moves == [
        ("Wendy Writer", "draft", "submitted", ""),
        ("Anna Petrosyan", "submitted", "changes_requested", "Add your byline and the photo's alt text, please."),
        ("Wendy Writer", "changes_requested", "submitted", ""),
        ("Anna Petrosyan", "submitted", "approved", ""),
    ]
    summaries = [f"{e.user} {e.summary}" for e in story_trail(db, editor, story_id)]
    assert "Anna Petrosyan moved it from submitted to approved" in summaries
    assert "Wendy Writer resolved a note" in summaries
    [thread] = notes.list_notes(db, editor, story_id)
    assert thread.resolved and thread.resolved_by == "Wendy Writer" and [r.body for r in thread.replies] == [
        "Done, both added."]


def test_request_changes_needs_a_note(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    workflow.submit(newsroom, staff.writer, story_id)
    with pytest.raises(ValidationError, match="needs a note"):
        workflow.request_changes(newsroom, staff.editor, story_id, "   ")
    assert status_of(newsroom, story_id) is Status.SUBMITTED
    assert notes.list_notes(newsroom, staff.editor, story_id) == []


def test_approval_refused_while_blockers_remain_then_allowed(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer, complete_story(body="   "))
    workflow.submit(newsroom, staff.writer, story_id)
    before = version_of(newsroom, story_id)
    with pytest.raises(ValidationError) as refused:
        workflow.approve(newsroom, staff.editor, story_id)
    assert "no body text" in str(refused.value) and "editor-app check" in refused.value.hint
    assert version_of(newsroom, story_id) == before and status_of(newsroom, story_id) is Status.SUBMITTED
    save_story(newsroom, staff.editor, story_id, before, StoryChanges(body="Now with a body.\n"))
    warnings_only = workflow.approve(newsroom, staff.editor, story_id)
    assert warnings_only.status is Status.APPROVED


def test_warnings_do_not_stop_approval_and_come_back(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer, complete_story(deck=""))
    workflow.submit(newsroom, staff.writer, story_id)
    result = workflow.approve(newsroom, staff.editor, story_id)
    assert result.status is Status.APPROVED
    assert [(f.level, f.code) for f in result.findings] == [(Level.WARNING, "no-deck")]


def test_approving_what_changed_since_one_looked_is_refused(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    workflow.submit(newsroom, staff.writer, story_id)
    seen = version_of(newsroom, story_id)
    save_story(newsroom, staff.writer, story_id, seen, StoryChanges(body="A last-minute change.\n"))
    with pytest.raises(ConflictError, match=f"you saw version {seen}"):
        workflow.approve(newsroom, staff.editor, story_id, expected_version=seen)
    assert status_of(newsroom, story_id) is Status.SUBMITTED


def test_approving_twice_says_who_did_it_first(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    workflow.submit(newsroom, staff.writer, story_id)
    workflow.approve(newsroom, staff.editor, story_id)
    with pytest.raises(ConflictError, match=r"was already approved by Anna Petrosyan at \d\d:\d\d UTC"):
        workflow.approve(newsroom, staff.editor2, story_id)


def test_two_editors_approving_at_once_one_wins(newsroom: Database, staff: Staff) -> None:
    """Two threads with their own connections approve the same story at the same moment."""
    story_id = new_story(newsroom, staff.writer)
    workflow.submit(newsroom, staff.writer, story_id)
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def approve_as(name: str) -> None:
        actor = staff.editor if name == "anna" else staff.editor2
        start.wait()
        try:
            outcomes[name] = workflow.approve(newsroom, actor, story_id)
        except KnownError as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=approve_as, args=(name,)) for name in ("anna", "eddie")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    won = [r for r in outcomes.values() if isinstance(r, workflow.WorkflowResult)]
    lost = [r for r in outcomes.values() if isinstance(r, KnownError)]
    assert len(won) == 1 and len(lost) == 1
    assert isinstance(lost[0], ConflictError) and "was already approved by" in str(lost[0])
    approvals = [e for e in story_trail(newsroom, staff.admin, story_id)
                 if e.action == "story.transition" and e.detail["to"] == "approved"]
    assert len(approvals) == 1


def test_a_move_from_the_wrong_state_says_where_the_story_is(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    with pytest.raises(ValidationError, match=f"Story {story_id} is draft, so it cannot be approved"):
        workflow.approve(newsroom, staff.editor, story_id)
    with pytest.raises(ValidationError, match="is draft, so it cannot be published"):
        workflow.publish(newsroom, staff.editor, story_id)
    with pytest.raises(ValidationError, match="is draft, so it cannot be sent back"):
        workflow.request_changes(newsroom, staff.editor, story_id, "why")


def test_writers_submit_only_their_own(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    with pytest.raises(PermissionDeniedError):
        workflow.submit(newsroom, staff.writer2, story_id)
    assert status_of(newsroom, story_id) is Status.DRAFT


def test_schedule_reschedule_unschedule(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED, Status.APPROVED)
    now = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)
    at = datetime(2026, 10, 5, 9, 0, tzinfo=UTC)
    with pytest.raises(ValidationError, match="has no time zone"):
        workflow.schedule(newsroom, staff.editor, story_id, at.replace(tzinfo=None), now=now)
    with pytest.raises(ValidationError, match="has already passed"):
        workflow.schedule(newsroom, staff.editor, story_id, now - timedelta(hours=1), now=now)
    result = workflow.schedule(newsroom, staff.editor, story_id, at, now=now)
    assert result.status is Status.SCHEDULED and get_story(newsroom, staff.editor, story_id).scheduled == at
    assert [r.id for r in queue_stories(newsroom, staff.writer, Queue.SCHEDULED)] == [story_id]
    later = at + timedelta(days=1)
    assert workflow.schedule(newsroom, staff.editor, story_id, later, now=now).status is Status.SCHEDULED
    assert get_story(newsroom, staff.editor, story_id).scheduled == later
    off = workflow.unschedule(newsroom, staff.editor, story_id)
    assert off.status is Status.APPROVED and get_story(newsroom, staff.editor, story_id).scheduled is None


def test_a_correction_needs_approval_before_it_is_republished(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED, Status.APPROVED)
    assert workflow.publish(newsroom, staff.editor, story_id).correction is Correction.NONE
    with pytest.raises(ConflictError, match="already published"):
        workflow.publish(newsroom, staff.editor, story_id)
    with pytest.raises(ValidationError, match="has no correction to approve"):
        workflow.approve(newsroom, staff.editor, story_id)

    # the writer corrects a name: the story stays published (readers see the old text) with a pending correction
    save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id),
               StoryChanges(body="The city council voted on Wednesday to fund three new classrooms.\n"))
    assert status_of(newsroom, story_id) is Status.PUBLISHED
    assert [r.id for r in queue_stories(newsroom, staff.editor, Queue.AWAITING_REVIEW)] == [story_id]
    with pytest.raises(ValidationError, match="correction that has not been approved"):
        workflow.publish(newsroom, staff.editor, story_id)  # an editor's direct republish is no longer allowed

    approved = workflow.approve(newsroom, staff.editor, story_id)
    assert (approved.status, approved.correction) == (Status.PUBLISHED, Correction.APPROVED)
    assert queue_counts(newsroom, staff.editor)[Queue.AWAITING_REVIEW] == 0
    with pytest.raises(ConflictError, match="correction was already approved by Anna Petrosyan"):
        workflow.approve(newsroom, staff.editor2, story_id)

    # edited again after approval: it must be approved again
    save_story(newsroom, staff.editor, story_id, version_of(newsroom, story_id), StoryChanges(deck="Four rooms"))
    with pytest.raises(ValidationError, match="not been approved"):
        workflow.publish(newsroom, staff.editor, story_id)
    workflow.approve(newsroom, staff.editor2, story_id)
    done = workflow.publish(newsroom, staff.editor, story_id)
    assert (done.status, done.correction) == (Status.PUBLISHED, Correction.NONE)
    actions = [e.action for e in story_trail(newsroom, staff.admin, story_id)]
    assert actions.count("story.correction") == 2 and actions.count("story.correction_approved") == 2
    assert actions[-1] == "story.republish"


def test_a_correction_with_a_blocker_is_not_approved(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)
    save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id), StoryChanges(bylines=()))
    with pytest.raises(ValidationError, match="no byline"):
        workflow.approve(newsroom, staff.editor, story_id)
    assert get_story(newsroom, staff.editor, story_id).status is Status.PUBLISHED


def test_unpublish_ends_a_pending_correction_and_reopen_starts_again(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    force_status(newsroom, staff.admin, story_id, Status.SUBMITTED, Status.APPROVED, Status.PUBLISHED)
    save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id), StoryChanges(deck="New deck"))
    down = workflow.unpublish(newsroom, staff.editor, story_id, note="legal asked")
    assert (down.status, down.correction) == (Status.UNPUBLISHED, Correction.NONE)
    assert workflow.reopen(newsroom, staff.writer, story_id).status is Status.DRAFT
    assert workflow.submit(newsroom, staff.writer, story_id).status is Status.SUBMITTED


def test_submit_keeps_a_revision_of_what_was_submitted(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    workflow.submit(newsroom, staff.writer, story_id)
    with newsroom.session() as session:
        article = load_article(session, story_id)
        body = article.body
    state, _ = revision_state(newsroom, staff.writer, story_id, 2)
    assert state.status is Status.SUBMITTED and state.body == body


def test_available_moves_follow_the_table(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer)
    labels = lambda actor: [m.label for m in workflow.available_moves(newsroom, actor, story_id)]  # noqa: E731
    assert labels(staff.writer) == ["Submit for review"]
    assert labels(staff.writer2) == [] and labels(staff.photo) == []
    workflow.submit(newsroom, staff.writer, story_id)
    assert labels(staff.writer) == []
    assert labels(staff.editor) == ["Request changes", "Approve"]
    assert [m.needs_note for m in workflow.available_moves(newsroom, staff.editor, story_id)] == [True, False]
    force_status(newsroom, staff.admin, story_id, Status.APPROVED, Status.PUBLISHED)
    assert labels(staff.editor) == ["Unpublish"]
    save_story(newsroom, staff.writer, story_id, version_of(newsroom, story_id), StoryChanges(deck="x y"))
    assert labels(staff.editor) == ["Unpublish", "Approve correction"]
    workflow.approve(newsroom, staff.editor, story_id)
    assert labels(staff.editor) == ["Unpublish", "Publish correction"]


def test_a_story_created_complete_has_no_findings(newsroom: Database, staff: Staff) -> None:
    story_id = new_story(newsroom, staff.writer, replace(complete_story()))
    assert check(newsroom, staff.photo, story_id) == []


def test_one_click_fix_by_code_and_checks_of_unsaved_text(newsroom: Database, staff: Staff) -> None:
    from editor_app.domain.story_state import Named
    from editor_app.services.house_style import apply_fix, check_state, vocabulary_for_checks

    story_id = new_story(newsroom, staff.writer, complete_story(dateline=Dateline("Gyumri")))
    saved = apply_fix(newsroom, staff.writer, story_id, version_of(newsroom, story_id), "dateline-city-untagged")
    assert saved.changed == ("cities",)
    assert get_story(newsroom, staff.writer, story_id).cities == ("Yerevan", "Gyumri")
    with pytest.raises(ValidationError, match="has no finding “no-deck” with a fix"):
        apply_fix(newsroom, staff.writer, story_id, saved.version, "no-deck")
    # what the editor has on screen, not saved: a misspelt tag typed a moment ago
    with newsroom.session() as session:
        state = read_story(session, story_id)[1]
    typed = state.with_fields(cities=(*state.cities, Named(None, "Bakuu")))
    cities = vocabulary_for_checks(newsroom, staff.writer)
    [found] = check_state(newsroom, staff.writer, story_id, typed, cities=cities)
    assert (found.code, found.field) == ("city-unknown", "cities[2]")
    assert found.fix is not None and found.fix.cities == ("Yerevan", "Gyumri", "Baku")
