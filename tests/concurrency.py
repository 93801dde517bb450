"""Run two workstation processes against one story and check that no update was lost (SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from editor_app.domain.story_state import RevisionKind
from editor_app.services.actor import Actor
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.models import Revision
from tests.concurrent_saver import body_of, counters

ROOT = Path(__file__).resolve().parent.parent


def run_desks(story_id: int, desks: list[tuple[str, str]], profile_dirs: list[Path], url: str, tmp: Path,
              per_desk: int) -> dict[str, dict[str, int]]:
    """Start one process per (username, label) desk, let them go at once, and return what each reported."""
    start = tmp / "go"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "tests.concurrent_saver", str(folder), url, username, label,
                               str(story_id), str(per_desk), str(start)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for (username, label), folder in zip(desks, profile_dirs, strict=True)]
    start.touch()
    reports = {}
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
        report = json.loads(out.strip().splitlines()[-1])
        reports[report["label"]] = report
    return reports


def start_body(labels: list[str]) -> str:
    return body_of(dict.fromkeys(labels, 0))


def check_nothing_lost(db: Database, reader: Actor, story_id: int, reports: dict[str, dict[str, int]],
                       per_desk: int, first_version: int) -> None:
    story = get_story(db, reader, story_id)
    assert counters(story.body) == dict.fromkeys(reports, per_desk)  # every increment of every desk is there
    assert story.version == first_version + per_desk * len(reports)
    assert all(r["saved"] == per_desk for r in reports.values())
    with db.session() as session:
        saves = list(session.scalars(select(Revision.author_name).where(
            Revision.article_id == story_id, Revision.kind == RevisionKind.SAVE.value,
            Revision.base_version.is_not(None)).order_by(Revision.number)))  # not the one that created it
        conflicts = session.scalar(select(Revision.id).where(Revision.article_id == story_id,
                                                             Revision.kind == RevisionKind.CONFLICT.value).limit(1))
    assert len(saves) == per_desk * len(reports)
    switches = sum(1 for a, b in itertools.pairwise(saves) if a != b)
    total_conflicts = sum(r["conflicts"] for r in reports.values())
    # the desks ran at the same time: they took turns, or one kept losing races (stale saves, each kept)
    assert switches > 1 or total_conflicts > 0, f"the desks never overlapped: {reports}"
    assert (conflicts is not None) == (total_conflicts > 0)
