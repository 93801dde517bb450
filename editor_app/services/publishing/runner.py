"""Running outbox jobs: claim one, hand its backend a durable `JobContext`, record the outcome.

No database transaction is held while a backend talks to its target: each journal line, marker and record
is its own short transaction that also renews the claim's lease (and notices a cancel). At the end one
transaction writes what is live where, closes the job and moves the story through the write path
(approved -> published; published -> unpublished) as the person who asked.

Failures: a retryable one (network, 5xx, 429) puts the job back with exponential backoff and jitter
(`next_try_at`, at least the site's Retry-After); anything a person must fix stops it (`failed`) with the
message and a hint, its journal kept so that "Retry" resumes where it stopped; an edit made on the site
stops it as `conflict` with both versions kept for comparison.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from editor_app.domain.errors import KnownError, NotFoundError, PermissionDeniedError, ValidationError
from editor_app.domain.permissions import Action
from editor_app.domain.stories import StoryDetail
from editor_app.domain.workflow import Status
from editor_app.render.article import PaperSettings
from editor_app.services import audit
from editor_app.services.access import authorize
from editor_app.services.identity import actor_of
from editor_app.services.publishing.backend import (
    Backend,
    JobCancelledError,
    JobOptions,
    LeaseLostError,
    PublishOutcome,
    RecordInfo,
    SiteEditedError,
)
from editor_app.services.publishing.claims import Claim, claim_job, claim_next, owned_job, worker_name
from editor_app.services.publishing.credentials import Credentials
from editor_app.services.publishing.job_context import JobRun, Progress, fill_record
from editor_app.services.publishing.outbox import JobInfo, JobKind, JobState, job_info
from editor_app.services.publishing.targets import ClientFactory, TargetInfo, TargetKind, target_info
from editor_app.services.story_changes import StoryChanges
from editor_app.services.story_read import detail_of
from editor_app.services.story_records import load_article
from editor_app.services.story_write import write_story
from editor_app.storage.engine import Database
from editor_app.storage.models import (
    Article,
    OutboxJob,
    PublishRecord,
    PublishTarget,
    User,
    utcnow,
)

logger = logging.getLogger(__name__)

PAPER_NAME = "Meridian Weekly"  # the demo paper's, as in ui.newsroom_jobs, until newsroom settings exist
FIRST_RETRY = 10.0  # seconds before the first job-level retry; doubles each time
MAX_RETRY = 15 * 60.0
SCHEDULE_GRACE = timedelta(minutes=2)  # how long after its time a scheduled post is checked

BackendFactory = Callable[[TargetInfo], Backend]


def default_paper() -> PaperSettings:
    return PaperSettings(name=PAPER_NAME)


def retry_delay(attempts: int, retry_after: float | None = None, *, rng: random.Random | None = None) -> float:
    """Seconds until the next try: exponential (10 s, 20 s, 40 s … 15 min) with jitter, never less than the
    site's Retry-After."""
    base = min(MAX_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1))
    delay: float = base / 2 + (rng or random).uniform(0, base / 2)
    return max(delay, retry_after or 0.0)


def backend_for(target: TargetInfo, credentials: Credentials, *, client_factory: ClientFactory | None = None,
                paper: PaperSettings | None = None) -> Backend:
    """The backend that publishes to `target` (WordPress needs its password on this computer)."""
    if target.kind is TargetKind.LOCAL:
        from editor_app.services.publishing.local_site import LocalSiteBackend

        return LocalSiteBackend(target)
    from editor_app.services.publishing.targets import password_for
    from editor_app.services.publishing.wordpress_backend import WordPressBackend

    return WordPressBackend(target, password_for(target, credentials), client_factory=client_factory)


# --------------------------------------------------------------------------------------------- running
@dataclass(frozen=True)
class _Loaded:
    job_kind: JobKind
    target: TargetInfo
    requester: User | None
    story: StoryDetail | None
    story_status: Status | None
    scheduled: datetime | None
    published_at: datetime | None
    options: JobOptions
    steps: dict[str, Any]
    payload: dict[str, Any]
    refusal: KnownError | None  # the person who asked may no longer do it


def _load(db: Database, claim: Claim) -> _Loaded:
    with db.session() as session:
        job = session.get(OutboxJob, claim.job_id)
        target = session.get(PublishTarget, claim.target_id)
        assert job is not None and target is not None
        requester = session.get(User, job.requested_by_id) if job.requested_by_id is not None else None
        kind = JobKind(job.kind)
        refusal = _refusal(session, requester, kind)
        story = status = scheduled = published = None
        if job.article_id is not None:
            try:
                article = load_article(session, job.article_id)
            except NotFoundError:
                pass
            else:
                story, status, scheduled = detail_of(article), Status(article.status), article.scheduled_at
                published = article.published_at
        raw = dict((job.payload or {}).get("options", {}))
        options = JobOptions(overwrite_modified=str(raw.get("overwrite_modified", "")),
                             publish_now=bool(raw.get("publish_now", False)), extra=raw)
        return _Loaded(kind, target_info(target, None), requester, story, status, scheduled, published, options,
                       dict(job.steps or {}), dict(job.payload or {}), refusal)


def _refusal(session: Session, requester: User | None, kind: JobKind) -> KnownError | None:
    """Why the person who asked may no longer do it (re-read now: a deactivated account stops the job)."""
    if requester is None:
        return PermissionDeniedError("The staff account that asked for this job no longer exists.",
                                     hint="Ask for the publish again with your own account.")
    try:
        authorize(session, actor_of(requester), Action.UNPUBLISH if kind is JobKind.UNPUBLISH else Action.PUBLISH)
    except KnownError as exc:
        return exc
    return None


def run_claimed(db: Database, claim: Claim, *, credentials: Credentials, paper: PaperSettings | None = None,
                backend_factory: BackendFactory | None = None, on_progress: Progress | None = None,
                clock: Callable[[], datetime] = utcnow, keep_backend: bool = False) -> JobInfo:
    """Run one claimed job to its end (done, retry, failed, conflict, missed or cancelled) and return it.
    `keep_backend`: the factory's backend is shared (drain pools them) and stays open."""
    loaded = _load(db, claim)
    paper = paper or default_paper()
    run = JobRun(db, claim, paper=paper, options=loaded.options, steps=loaded.steps,
                 story_id=loaded.story.id if loaded.story else None, on_progress=on_progress, clock=clock,
                 published_at=loaded.published_at)
    backend: Backend | None = None
    try:
        run.check(force=True)  # still ours (a lease can run out between the claim and here), not cancelled
        if loaded.refusal is not None:
            raise loaded.refusal
        if loaded.story is None:
            raise ValidationError("The story of this job was deleted.", hint="Nothing is left to publish.")
        if _waits_for_its_time(db, claim, loaded, run.now) or _obsolete_check(db, claim, loaded, run.now):
            return _info_of(db, claim.job_id)
        factory = backend_factory or (lambda target: backend_for(target, credentials, paper=paper))
        backend = factory(loaded.target)
        outcome = _perform(backend, loaded, run)
        _finish(db, claim, loaded, outcome, run)
    except LeaseLostError as exc:
        logger.warning("Job %d: %s; stopping without writing", claim.job_id, exc)
    except JobCancelledError:
        _stop(db, claim, JobState.CANCELLED, "Cancelled while running; what was already sent stays recorded.",
              steps=run.steps)
    except SiteEditedError as exc:
        run_conflict = {"remote": exc.remote, "local": exc.local, "remote_modified": exc.remote_modified,
                        "last_sent": _last_sent(run)}
        _stop(db, claim, JobState.CONFLICT, exc.message, exc.hint, payload={"conflict": run_conflict}, steps=run.steps)
    except KnownError as exc:
        if getattr(exc, "retryable", False):
            attempts = _attempts(db, claim)
            wait = retry_delay(attempts, getattr(exc, "retry_after", None))
            _stop(db, claim, JobState.RETRY, exc.message, exc.hint, next_try_at=run.now + timedelta(seconds=wait),
                  steps=run.steps)
        else:
            _stop(db, claim, JobState.FAILED, exc.message, exc.hint, steps=run.steps)
    except Exception as exc:  # a bug: the job stops, the traceback goes to the log
        logger.error("Job %d failed with an unexpected error", claim.job_id, exc_info=exc)
        _stop(db, claim, JobState.FAILED, f"The app failed inside the publishing job ({type(exc).__name__}: {exc}).",
              "This is a bug; the details are in the log file. Retry may work; please report it.", steps=run.steps)
    finally:
        if backend is not None and not keep_backend:
            backend.close()
    return _info_of(db, claim.job_id)


def _last_sent(run: JobRun) -> dict[str, str]:
    record = run.article_record()
    return dict(record.last_sent) if record is not None and record.last_sent else {}


def _waits_for_its_time(db: Database, claim: Claim, loaded: _Loaded, now: datetime) -> bool:
    """A scheduled story on a local site: its job waits (queued, no attempt counted) until the time."""
    if (loaded.job_kind is not JobKind.PUBLISH or loaded.target.kind is not TargetKind.LOCAL
            or loaded.story_status is not Status.SCHEDULED or loaded.scheduled is None
            or loaded.scheduled <= now or loaded.options.publish_now):
        return False
    with db.session(write=True) as session:
        job = owned_job(session, claim, now)
        job.state = JobState.QUEUED.value
        job.next_try_at = loaded.scheduled
        job.attempts = max(0, job.attempts - 1)
        job.claim_token = ""
        job.progress_text = f"Waits for its time: {loaded.scheduled:%Y-%m-%d %H:%M} UTC"
    return True


def _obsolete_check(db: Database, claim: Claim, loaded: _Loaded, now: datetime) -> bool:
    """A schedule check for a story that is no longer scheduled for that time: nothing to check."""
    if loaded.job_kind is not JobKind.CHECK_SCHEDULE:
        return False
    planned = str(loaded.payload.get("scheduled_for", ""))
    still = (loaded.story_status is Status.SCHEDULED and loaded.scheduled is not None
             and loaded.scheduled.isoformat() == planned)
    if still:
        return False
    with db.session(write=True) as session:
        _close(owned_job(session, claim, now), JobState.DONE, "",
               "The story is no longer scheduled for that time; nothing to check.", "")
    return True


def _perform(backend: Backend, loaded: _Loaded, run: JobRun) -> PublishOutcome:
    story = loaded.story
    assert story is not None
    if loaded.job_kind is JobKind.PUBLISH:
        from editor_app.services.publishing.outbox import PUBLISHABLE

        if loaded.story_status not in PUBLISHABLE:
            assert loaded.story_status is not None
            raise ValidationError(f"“{story.headline}” is {loaded.story_status.label.lower()} now; only approved, "
                                  "scheduled or published stories are published.",
                                  hint="Approve it again, then retry this job.")
        return backend.publish(story, run)
    if loaded.job_kind is JobKind.UNPUBLISH:
        return backend.unpublish(story, run)
    return backend.check_schedule(story, run)


def _finish(db: Database, claim: Claim, loaded: _Loaded, outcome: PublishOutcome, run: JobRun) -> None:
    """One transaction: the record, the job closed, the story moved (as the person who asked)."""
    story = loaded.story
    assert story is not None and loaded.requester is not None
    actor = actor_of(loaded.requester)
    warning = ""
    with db.session(write=True) as session:
        job = owned_job(session, claim, run.now)
        record = run.record_row(session, article_id=story.id)
        if record is None:
            record = PublishRecord(target_id=claim.target_id, article_id=story.id)
            session.add(record)
        fill_record(record, RecordInfo(remote_id=outcome.remote_id, remote_url=outcome.url,
                                 remote_status=outcome.remote_status, remote_modified=outcome.remote_modified,
                                 content_hash=outcome.content_hash, last_sent=outcome.last_sent),
              story.version if loaded.job_kind is JobKind.PUBLISH else None)
        job.steps = run.steps
        missed = loaded.job_kind is JobKind.CHECK_SCHEDULE and outcome.remote_status == "future"
        if missed:
            when = f"{loaded.scheduled:%Y-%m-%d %H:%M} UTC" if loaded.scheduled else "its time"
            _close(job, JobState.MISSED, outcome.url,
                   f"{loaded.target.name} did not publish “{story.headline}” at {when}; it is still scheduled there.",
                   "Publish it now from the publishing queue, or check the site's scheduled tasks (WP-Cron).")
            return
        wanted = _next_status(loaded.job_kind, loaded.story_status, outcome.remote_status)
        if wanted is not None:
            try:
                with session.begin_nested():
                    version = session.scalar(select(Article.version).where(Article.id == story.id))
                    write_story(session, actor, story.id, version, StoryChanges(status=wanted), kind=None)
            except KnownError as exc:
                warning = (f"It is on {loaded.target.name}, but the story could not be marked "
                           f"{wanted.label.lower()}: {exc.message}")
                logger.warning("Job %d: %s", claim.job_id, warning)
        if outcome.scheduled_for is not None and loaded.job_kind is JobKind.PUBLISH:
            session.add(OutboxJob(target_id=claim.target_id, kind=JobKind.CHECK_SCHEDULE.value, article_id=story.id,
                                  requested_by_id=loaded.requester.id, state=JobState.QUEUED.value,
                                  next_try_at=outcome.scheduled_for + SCHEDULE_GRACE, steps={},
                                  payload={"options": {}, "headline": story.headline,
                                           "scheduled_for": outcome.scheduled_for.isoformat()}))
        _close(job, JobState.DONE, outcome.url, warning, "")
        user = session.get(User, loaded.requester.id)
        audit.record(session, user, f"story.{loaded.job_kind.value}", story.id, target=loaded.target.name,
                     url=outcome.url, status=outcome.remote_status, job=job.id)
    logger.info("Job %d (%s “%s” on %s) done: %s", claim.job_id, loaded.job_kind.value, story.headline,
                loaded.target.name, outcome.url)


def _next_status(kind: JobKind, current: Status | None, remote_status: str) -> Status | None:
    """Where the story goes after the job: published once live, unpublished once taken down."""
    if kind in (JobKind.PUBLISH, JobKind.CHECK_SCHEDULE) and remote_status == "publish":
        return Status.PUBLISHED if current in (Status.APPROVED, Status.SCHEDULED, Status.UNPUBLISHED) else None
    if kind is JobKind.UNPUBLISH:
        return {Status.PUBLISHED: Status.UNPUBLISHED, Status.SCHEDULED: Status.APPROVED}.get(current)  # type: ignore[arg-type]
    return None


def _close(job: OutboxJob, state: JobState, url: str, error: str, hint: str) -> None:
    job.state = state.value
    job.result_url = url or job.result_url
    job.last_error, job.error_hint = error, hint
    job.finished_at = utcnow()
    job.next_try_at = None
    job.claim_token = ""
    job.lease_until = None
    if job.progress_total:
        job.progress_done = job.progress_total
    job.progress_text = state.label if state is not JobState.DONE else "Done"


def _stop(db: Database, claim: Claim, state: JobState, error: str, hint: str = "", *,
          next_try_at: datetime | None = None, payload: dict[str, Any] | None = None,
          steps: dict[str, Any] | None = None) -> None:
    """End a run that did not finish; the journal stays (with its last lines), so a retry resumes."""
    try:
        with db.session(write=True) as session:
            job = owned_job(session, claim)
            job.state = state.value
            job.last_error, job.error_hint = error, hint
            job.next_try_at = next_try_at
            job.claim_token = ""
            job.lease_until = None
            job.cancel_requested = False
            job.progress_text = state.label
            if state is JobState.CANCELLED:
                job.finished_at = utcnow()
            if payload:
                job.payload = {**(job.payload or {}), **payload}
            if steps is not None:
                job.steps = steps
    except LeaseLostError:
        logger.warning("Job %d: lease lost before recording: %s", claim.job_id, error)
        return
    logger.info("Job %d stopped (%s): %s", claim.job_id, state.value, error)  # the queue and the CLI say it


def _attempts(db: Database, claim: Claim) -> int:
    with db.session() as session:
        job = session.get(OutboxJob, claim.job_id)
        return job.attempts if job is not None else 1


def _info_of(db: Database, job_id: int) -> JobInfo:
    with db.session() as session:
        job = session.get(OutboxJob, job_id, populate_existing=True)
        assert job is not None
        return job_info(session, job)


# --------------------------------------------------------------------------------------------- draining
def servable_targets(db: Database, credentials: Credentials) -> list[int]:
    """Targets this desk can publish to: local sites, and WordPress sites whose password it has."""
    with db.session() as session:
        rows = session.scalars(select(PublishTarget)).all()
        infos = [target_info(row, credentials) for row in rows]
    return [t.id for t in infos if t.kind is TargetKind.LOCAL or t.password.value != "none"]


def drain(db: Database, *, credentials: Credentials, paper: PaperSettings | None = None,
          worker: str | None = None, targets: Collection[int] | None = None, max_jobs: int | None = None,
          backend_factory: BackendFactory | None = None,
          on_progress: Callable[[int, int, int, str], None] | None = None,
          should_stop: Callable[[], bool] | None = None, clock: Callable[[], datetime] = utcnow) -> list[JobInfo]:
    """Run due jobs one after another until none is due (or `max_jobs`, or `should_stop()`)."""
    worker = worker or worker_name()
    serving = list(targets) if targets is not None else servable_targets(db, credentials)
    ran: list[JobInfo] = []
    make = backend_factory or (lambda target: backend_for(target, credentials, paper=paper))
    pool: dict[tuple[int, int], Backend] = {}

    def pooled(target: TargetInfo) -> Backend:
        """One backend per target for the whole drain: one connection, one REST discovery, cached terms."""
        key = (target.id, target.version)
        if key not in pool:
            pool[key] = make(target)
        return pool[key]

    while (max_jobs is None or len(ran) < max_jobs) and not (should_stop and should_stop()):
        claim = claim_next(db, worker, targets=serving, now=clock())
        if claim is None:
            break
        job_id = claim.job_id

        def progress(done: int, total: int, text: str, job_id: int = job_id) -> None:
            if on_progress is not None:
                on_progress(job_id, done, total, text)

        try:
            ran.append(run_claimed(db, claim, credentials=credentials, paper=paper, backend_factory=pooled,
                                   on_progress=progress, clock=clock, keep_backend=True))
        except BaseException:
            for backend in pool.values():
                backend.close()
            raise
    for backend in pool.values():
        backend.close()
    return ran


def run_job_now(db: Database, job_id: int, *, credentials: Credentials, paper: PaperSettings | None = None,
                backend_factory: BackendFactory | None = None, on_progress: Progress | None = None,
                clock: Callable[[], datetime] = utcnow) -> JobInfo | None:
    """Run one job at once, whatever its next try time (the CLI's publish); None when another desk holds it."""
    claim = claim_job(db, job_id, worker_name(), now=clock())
    if claim is None:
        return None
    return run_claimed(db, claim, credentials=credentials, paper=paper, backend_factory=backend_factory,
                       on_progress=on_progress, clock=clock)
