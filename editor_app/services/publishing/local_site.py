"""The local site backend (the embedded default): a static HTML site in a folder, nothing to install.

Every publish or unpublish renders the whole site into a fresh folder beside the target folder, then
swaps it in: on Linux with one atomic `renameat2(RENAME_EXCHANGE)`, elsewhere with two renames a moment
apart. A reader never sees half a site, and a failed render leaves the old site as it was. The folder is
marked as the app's (`.editor-app-site`): a folder holding anything else is never replaced.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from editor_app.domain.errors import KnownError
from editor_app.domain.stories import StoryDetail
from editor_app.services.publishing.backend import JobContext, PublishOutcome, Roundup, TopPicks
from editor_app.services.publishing.site_builder import SiteBuilder, SitePhotos, story_path, week_path
from editor_app.services.publishing.targets import TargetInfo
from editor_app.storage.models import utcnow

logger = logging.getLogger(__name__)

SITE_MARK = ".editor-app-site"


class SiteFolderError(KnownError):
    """The site folder cannot be written (not ours, not writable, disk full)."""


def _check_ours(folder: Path) -> None:
    if not folder.exists():
        return
    if not folder.is_dir():
        raise SiteFolderError(f"{folder} is a file, not a folder; the site cannot be written there.",
                              hint="Choose a folder for the local site in Publishing → Targets.")
    if (folder / SITE_MARK).exists():
        return
    if any(folder.iterdir()):
        raise SiteFolderError(f"{folder} holds files the app did not write; the site would replace them.",
                              hint="Choose an empty or new folder for the local site in Publishing → Targets.")


def _cleanup_leftovers(folder: Path) -> None:
    """Folders a crash left beside the site (a half-written new one, an old one not yet deleted)."""
    for leftover in folder.parent.glob(f".{folder.name}.*-*"):
        if leftover.is_dir() and (leftover.name.startswith(f".{folder.name}.new-")
                                  or leftover.name.startswith(f".{folder.name}.old-")):
            shutil.rmtree(leftover, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False when the system cannot."""
    if not hasattr(os, "uname") or os.uname().sysname != "Linux":
        return False
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    try:
        libc = ctypes.CDLL(libc_name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(result == 0)


def swap_in(folder: Path, build: Callable[[Path, Path | None], None]) -> None:
    """Build the site with `build(new_folder, old_folder_or_None)` beside `folder`, then swap it in."""
    _check_ours(folder)
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        _cleanup_leftovers(folder)
        fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.new-", dir=folder.parent))
    except OSError as exc:
        raise SiteFolderError(f"Cannot write the site next to {folder}: {exc.strerror or exc}.",
                              hint="Choose a folder you may write to, with free space.") from exc
    try:
        build(fresh, folder if folder.is_dir() else None)
        (fresh / SITE_MARK).write_text(json.dumps({"written": utcnow().isoformat()}), encoding="utf-8")
        fresh.chmod(0o755)
        if folder.exists() and _exchange(fresh, folder):
            shutil.rmtree(fresh, ignore_errors=True)  # now the old site
            return
        old = folder.parent / f".{folder.name}.old-{uuid.uuid4().hex[:8]}"
        if folder.exists():
            os.rename(folder, old)
        os.rename(fresh, folder)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        shutil.rmtree(fresh, ignore_errors=True)
        raise SiteFolderError(f"Writing the site to {folder} failed: {exc.strerror or exc}.",
                              hint="Check the free space and the folder's permissions; the previous site is "
                                   "unchanged.") from exc
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


class LocalSiteBackend:
    """Publishes to a folder: each change re-renders the site and swaps it in."""

    def __init__(self, target: TargetInfo) -> None:
        self.target = target
        self.folder = Path(target.path)
        self.base_url = str(target.options.get("base_url", "") or "")

    def url_of(self, story: StoryDetail) -> str:
        return self.address(story_path(story))

    def address(self, path: str) -> str:
        """Where a page of the site is read: under the target's `base_url` when it has one, else as a file."""
        if self.base_url:
            return f"{self.base_url.rstrip('/')}/{path}"
        return (self.folder / path).as_uri()

    def _render(self, ctx: JobContext, *, include: StoryDetail | None, exclude: int | None,
                top: TopPicks | None = None) -> None:
        content = ctx.site_content(include=include, exclude=exclude, top=top)
        ctx.log(f"Rendering {len(content.stories)} stories into {self.folder}")

        def build(fresh: Path, previous: Path | None) -> None:
            photos = SitePhotos(name=ctx.photo_name, file=ctx.photo_file, previous=previous)
            builder = SiteBuilder(content, fresh, paper=ctx.paper, photos=photos, base_url=self.base_url,
                                  progress=ctx.progress)
            builder.build()
            ctx.check()  # a cancel or a lost claim stops here, before the swap

        swap_in(self.folder, build)

    def publish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        self._render(ctx, include=story, exclude=None)
        url = self.url_of(story)
        ctx.log(f"Site updated: {url}")
        return PublishOutcome(remote_id=story.slug, url=url, remote_status="publish",
                              remote_modified=utcnow().isoformat(timespec="seconds"), content_hash=_hash(story))

    def unpublish(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        self._render(ctx, include=None, exclude=story.id)
        ctx.log(f"“{story.headline}” removed from the site")
        return PublishOutcome(remote_id=story.slug, url="", remote_status="draft",
                              remote_modified=utcnow().isoformat(timespec="seconds"))

    def publish_top_stories(self, roundup: Roundup, ctx: JobContext) -> PublishOutcome:
        """The whole site again, with this order on the home page (when its week is the newest published) and on
        the week's page."""
        ids = tuple(p.story.id for p in roundup.picks)
        ctx.progress(0, 1, f"Top stories of {roundup.week.label} on {self.target.name}")
        self._render(ctx, include=None, exclude=None, top=(roundup.week, ids))
        url = self.address(week_path(roundup.week))
        ctx.log(f"Top stories of {roundup.week.label} on the site, in this order: "
                + "; ".join(p.story.headline for p in roundup.picks))
        return PublishOutcome(remote_id=str(roundup.week), url=url, remote_status="publish",
                              remote_modified=utcnow().isoformat(timespec="seconds"),
                              last_sent={"order": ",".join(str(i) for i in ids)})

    def check_schedule(self, story: StoryDetail, ctx: JobContext) -> PublishOutcome:
        record = ctx.article_record()
        status = record.remote_status if record is not None else "draft"
        return PublishOutcome(remote_id=story.slug, url=self.url_of(story), remote_status=status)

    def close(self) -> None:
        """Nothing to release."""


def _hash(story: StoryDetail) -> str:
    import hashlib

    facts: dict[str, Any] = {"id": story.id, "version": story.version}
    return hashlib.sha256(json.dumps(facts, sort_keys=True).encode()).hexdigest()

