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
from datetime import datetime, timedelta

from sqlalchemy import select

from editor_app.domain.errors import KnownError, ValidationError
from editor_app.domain.workflow import Status
from editor_app.render.article import PaperSettings
from editor_app.services.publishing.backend import (
    Backend,
    JobCancelledError,
    LeaseLostError,
    PublishOutcome,
    SiteEditedError,
)
from editor_app.services.publishing.claims import Claim, claim_job, claim_next, owned_job, worker_name
from editor_app.services.publishing.credentials import Credentials
from editor_app.services.publishing.job_context import JobRun, Progress
from editor_app.services.publishing.job_loading import LoadedJob, load_job
from editor_app.services.publishing.job_outcome import close_job, finish, stop
from editor_app.services.publishing.outbox import JobInfo, JobKind, JobState, job_info
from editor_app.services.publishing.targets import ClientFactory, TargetInfo, TargetKind, target_info
from editor_app.services.settings import read_settings
from editor_app.storage.engine import Database
from editor_app.storage.models import OutboxJob, PublishTarget, utcnow

logger = logging.getLogger(__name__)

FIRST_RETRY = 10.0  # seconds before the first job-level retry; doubles each time
MAX_RETRY = 15 * 60.0

BackendFactory = Callable[[TargetInfo], Backend]


def newsroom_paper(db: Database) -> PaperSettings:
    """The paper as its newsroom settings describe it (name, masthead, credit pattern)."""
    with db.session() as session:
        return PaperSettings.of(read_settings(session))


def retry_delay(attempts: int, retry_after: float | None = None, *, rng: random.Random | None = None) -> float:
    """Seconds until the next try: exponential (10 s, 20 s, 40 s … 15 min) with jitter, never less than the
    site's Retry-After."""
    base = min(MAX_RETRY, FIRST_RETRY * 2 ** max(0, attempts - 1))
    delay: float = base / 2 + (rng or random).uniform(0, base / 2)
    return max(delay, retry_after or 0.0)


def backend_for(target: TargetInfo, credentials: Credentials, *,
                client_factory: ClientFactory | None = None) -> Backend:
    """The backend that publishes to `target` (WordPress needs its password on this computer)."""
    if target.kind is TargetKind.LOCAL:
        from editor_app.services.publishing.local_site import LocalSiteBackend

        return LocalSiteBackend(target)
    from editor_app.services.publishing.targets import password_for
    from editor_app.services.publishing.wordpress_backend import WordPressBackend

    return WordPressBackend(target, password_for(target, credentials), client_factory=client_factory)


# --------------------------------------------------------------------------------------------- running
def run_claimed(db: Database, claim: Claim, *, credentials: Credentials, paper: PaperSettings | None = None,
                backend_factory: BackendFactory | None = None, on_progress: Progress | None = None,
                clock: Callable[[], datetime] = utcnow, keep_backend: bool = False) -> JobInfo:
    """Run one claimed job to its end (done, retry, failed, conflict, missed or cancelled) and return it.
    `keep_backend`: the factory's backend is shared (drain pools them) and stays open."""
    loaded = load_job(db, claim)
    paper = paper or newsroom_paper(db)
    top_stories = loaded.job_kind is JobKind.TOP_STORIES
    run = JobRun(db, claim, paper=paper, options=loaded.options, steps=loaded.steps,
                 story_id=loaded.story.id if loaded.story else None, on_progress=on_progress, clock=clock,
                 published_at=loaded.published_at,
                 week_id=(int(loaded.payload.get("week_id", 0)) or None) if top_stories else None)
    backend: Backend | None = None
    factory = backend_factory or (lambda target: backend_for(target, credentials))
    try:
        run.check(force=True)  # still ours (a lease can run out between the claim and here), not cancelled
        if loaded.refusal is not None:
            raise loaded.refusal
        if top_stories:
            from editor_app.services.publishing.roundup_jobs import finish_roundup, load_roundup

            roundup = load_roundup(db, loaded.target.id, loaded.target.name, loaded.payload)
            backend = factory(loaded.target)
            finish_roundup(db, claim, loaded, roundup, backend.publish_top_stories(roundup, run), run)
            return _info_of(db, claim.job_id)
        if loaded.story is None:
            raise ValidationError("The story of this job was deleted.", hint="Nothing is left to publish.")
        if _waits_for_its_time(db, claim, loaded, run.now) or _obsolete_check(db, claim, loaded, run.now):
            return _info_of(db, claim.job_id)
        backend = factory(loaded.target)
        outcome = _perform(backend, loaded, run)
        finish(db, claim, loaded, outcome, run)
    except LeaseLostError as exc:
        logger.warning("Job %d: %s; stopping without writing", claim.job_id, exc)
    except JobCancelledError:
        stop(db, claim, JobState.CANCELLED, "Cancelled while running; what was already sent stays recorded.",
             steps=run.steps)
    except SiteEditedError as exc:
        run_conflict = {"remote": exc.remote, "local": exc.local, "remote_modified": exc.remote_modified,
                        "last_sent": _last_sent(run)}
        stop(db, claim, JobState.CONFLICT, exc.message, exc.hint, payload={"conflict": run_conflict}, steps=run.steps)
    except KnownError as exc:
        if getattr(exc, "retryable", False):
            wait = retry_delay(loaded.attempts, getattr(exc, "retry_after", None))
            stop(db, claim, JobState.RETRY, exc.message, exc.hint, next_try_at=run.now + timedelta(seconds=wait),
                 steps=run.steps)
        else:
            stop(db, claim, JobState.FAILED, exc.message, exc.hint, steps=run.steps)
    except Exception as exc:  # a bug: the job stops, the traceback goes to the log
        logger.error("Job %d failed with an unexpected error", claim.job_id, exc_info=exc)
        stop(db, claim, JobState.FAILED, f"The app failed inside the publishing job ({type(exc).__name__}: {exc}).",
             "This is a bug; the details are in the log file. Retry may work; please report it.", steps=run.steps)
    finally:
        if backend is not None and not keep_backend:
            backend.close()
    return _info_of(db, claim.job_id)


def _last_sent(run: JobRun) -> dict[str, str]:
    record = run.article_record()
    return dict(record.last_sent) if record is not None and record.last_sent else {}


def _waits_for_its_time(db: Database, claim: Claim, loaded: LoadedJob, now: datetime) -> bool:
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


def _obsolete_check(db: Database, claim: Claim, loaded: LoadedJob, now: datetime) -> bool:
    """A schedule check for a story that is no longer scheduled for that time: nothing to check."""
    if loaded.job_kind is not JobKind.CHECK_SCHEDULE:
        return False
    planned = str(loaded.payload.get("scheduled_for", ""))
    still = (loaded.story_status is Status.SCHEDULED and loaded.scheduled is not None
             and loaded.scheduled.isoformat() == planned)
    if still:
        return False
    with db.session(write=True) as session:
        close_job(owned_job(session, claim, now), JobState.DONE, "",
               "The story is no longer scheduled for that time; nothing to check.", "")
    return True


def _perform(backend: Backend, loaded: LoadedJob, run: JobRun) -> PublishOutcome:
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
    make = backend_factory or (lambda target: backend_for(target, credentials))
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
