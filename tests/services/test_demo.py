"""The demo newsroom: what it contains, that it is searchable and deterministic, and that it refuses to run twice."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from editor_app.cli import main
from editor_app.domain.bylines import BylineRole, ContributorKind
from editor_app.domain.errors import KnownError
from editor_app.domain.permissions import can_transition
from editor_app.domain.stories import StoryFilter
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Role, Status
from editor_app.services.demo import create_demo_newsroom, has_stories, unwrap_paragraphs
from editor_app.services.demo_photos import SCENES, draw_photo
from editor_app.services.story_list import list_stories, status_counts, week_options
from editor_app.services.story_read import get_story
from editor_app.storage.engine import Database
from editor_app.storage.models import (
    Article,
    ArticleImage,
    AuditEvent,
    Base,
    Byline,
    City,
    Contributor,
    Image,
    Note,
    Section,
    TopStoryWeek,
    User,
)
from editor_app.storage.open import open_database
from editor_app.storage.profile import resolve_profile
from tests.helpers import owner_of


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, str]]:
    """One demo profile shared by the read-only tests of this module (creating it takes about a second)."""
    database = open_database(resolve_profile(tmp_path_factory.mktemp("demo") / "profile"))
    summary = create_demo_newsroom(database, owner_of(database))
    yield database, summary
    database.dispose()


@pytest.fixture
def demo_db(demo: tuple[Database, str]) -> Database:
    return demo[0]


def count(db: Database, model: type[Base]) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_summary_matches_what_was_created(demo: tuple[Database, str]) -> None:
    db, summary = demo
    assert summary == (f"{count(db, Section)} sections, {count(db, City)} cities, 9 staff, "
                       f"{count(db, Contributor)} contributors, {count(db, Article)} stories, "
                       f"{count(db, Image)} photos")
    assert count(db, Article) == 60
    assert 38 <= count(db, City) <= 45
    assert count(db, Image) >= 20


def test_sections_in_newsroom_order(demo_db: Database) -> None:
    with demo_db.session() as session:
        names = list(session.scalars(select(Section.name).order_by(Section.position)))
    assert names[:6] == ["International", "Armenia", "Community", "Arts & Culture", "Opinion", "Sports"]


def test_staff_in_every_role_and_contributors_of_every_kind(demo_db: Database) -> None:
    with demo_db.session() as session:
        roles = list(session.scalars(select(User.role)))
        kinds = set(session.scalars(select(Contributor.kind)))
        byline_roles = set(session.scalars(select(Byline.role)))
    assert {Role(r) for r in roles} == set(Role)
    assert roles.count(Role.WRITER.value) >= 2 and roles.count(Role.EDITOR.value) >= 2
    assert {ContributorKind(k) for k in kinds} == set(ContributorKind)
    assert {BylineRole(r) for r in byline_roles} == set(BylineRole)


def test_every_status_over_several_weeks(demo_db: Database) -> None:
    counts = status_counts(demo_db, owner_of(demo_db))
    assert set(counts) == set(Status)
    weeks = week_options(demo_db, owner_of(demo_db))
    assert len(weeks) >= 3 and weeks[0] == IsoWeek(2026, 48)
    assert all(w <= IsoWeek(2026, 48) for w in weeks)


def test_stories_look_real(demo_db: Database) -> None:
    with demo_db.session() as session:
        articles = list(session.scalars(select(Article)))
        writers = {u.id: Role(u.role) for u in session.scalars(select(User))}
    for article in articles:
        assert writers[article.created_by_id or 0] in (Role.WRITER, Role.EDITOR)
        assert IsoWeek.of(article.updated_at) == article.week, article.headline
        assert article.created_at < article.updated_at
        assert article.body.count("\n\n") >= 1, article.headline
    assert sum(1 for a in articles if a.dateline_source) >= 18
    assert len({a.updated_at for a in articles}) == len(articles)  # the "updated" column varies
    assert any("\n## " in a.body or "\n### " in a.body for a in articles)
    assert any("\n> " in a.body for a in articles) and any("](https://" in a.body for a in articles)
    scheduled = [a for a in articles if a.status == Status.SCHEDULED.value]
    assert scheduled and all(a.scheduled_at is not None for a in scheduled)


def test_inline_photos_are_placed_by_their_ref(demo_db: Database) -> None:
    with demo_db.session() as session:
        uses = session.execute(select(ArticleImage.article_id, ArticleImage.ref, ArticleImage.role)).all()
        leads = sum(1 for _, _, role in uses if role == "lead")
        inline = [(article_id, ref) for article_id, ref, role in uses if role == "inline"]
    assert leads >= 10 and len(inline) >= 3
    for article_id, ref in inline:
        story = get_story(demo_db, owner_of(demo_db), article_id)
        assert f"]({ref} \"" in story.body
        assert any(p.ref == ref for p in story.photos)


def test_unwrap_joins_paragraph_lines_but_keeps_blocks() -> None:
    text = "One\nline.\n\n## Head\nBody\ntext.\n\n- a\n- b\n\n> q1\n> q2\n>\n> q3\n\n{photo:x}\n"
    assert unwrap_paragraphs(text) == (
        "One line.\n\n## Head\nBody text.\n\n- a\n- b\n\n> q1 q2\n>\n> q3\n\n{photo:x}\n"
    )


def test_notes_on_stories_sent_back(demo_db: Database) -> None:
    with demo_db.session() as session:
        sent_back = list(session.scalars(select(Article.id).where(Article.status == Status.CHANGES_REQUESTED.value)))
        noted = set(session.scalars(select(Note.article_id)))
    assert sent_back and set(sent_back) <= noted
    assert get_story(demo_db, owner_of(demo_db), sent_back[0]).notes


def test_audit_trail_follows_the_workflow(demo_db: Database) -> None:
    with demo_db.session() as session:
        roles = {u.id: Role(u.role) for u in session.scalars(select(User))}
        events = list(session.scalars(select(AuditEvent).where(AuditEvent.action == "story.transition")))
        final = {row.id: row.status for row in session.execute(select(Article.id, Article.status))}
    assert events
    last: dict[int, str] = {}
    for event in sorted(events, key=lambda e: (e.article_id or 0, e.at)):
        frm, to = Status(event.detail["from"]), Status(event.detail["to"])
        assert can_transition(roles[event.user_id or 0], frm, to), (event.article_id, frm, to)
        last[event.article_id or 0] = to.value
    assert all(final[article_id] == status for article_id, status in last.items())


def test_top_story_weeks_are_ordered(demo_db: Database) -> None:
    with demo_db.session() as session:
        weeks = list(session.scalars(select(TopStoryWeek).order_by(TopStoryWeek.week)))
        picks = [[(e.position, e.article_id) for e in w.entries] for w in weeks]
    assert len(weeks) >= 2
    for entries in picks:
        assert len(entries) >= 3
        assert [pos for pos, _ in entries] == list(range(len(entries)))


@pytest.mark.parametrize(("query", "expected"), [
    ("Bakı", "Baku"),           # a city alias with a dotless i
    ("Баку", "Baku"),           # the same city in Cyrillic
    ("Krakow", "Kraków"),       # diacritics folded
    ("Sao Paulo", "São Paulo"),
    ("Tiflis", "Tbilisi"),
])
def test_search_finds_spellings(demo_db: Database, query: str, expected: str) -> None:
    page = list_stories(demo_db, owner_of(demo_db), StoryFilter(search=query))
    assert page.total >= 1
    assert any(expected in row.headline or expected in row.cities for row in page.rows)


def test_search_finds_armenian_words(demo_db: Database) -> None:
    page = list_stories(demo_db, owner_of(demo_db), StoryFilter(search="դպրոց"))  # "school", in the chess-school story
    assert [row.slug for row in page.rows] == ["chess-school-gyumri"]


def test_photos_decode_and_are_pictures_not_blanks(demo_db: Database) -> None:
    from PIL import Image as PILImage

    with demo_db.session() as session:
        stored = [(img.data, img.width, img.height, img.credit, img.alt_text, img.mime)
                  for img in session.scalars(select(Image))]
    for data, width, height, credit, alt, mime in stored:
        assert (width, height, mime) == (960, 640, "image/jpeg") and credit and alt
        with PILImage.open(io.BytesIO(data)) as img:
            colours = img.convert("RGB").getcolors(maxcolors=960 * 640)
        assert colours is not None and len(colours) > 500
        assert max(n for n, _ in colours) < 0.6 * width * height  # no single colour fills the frame


def test_photos_are_deterministic() -> None:
    assert draw_photo("market", 2) == draw_photo("market", 2)
    assert draw_photo("market", 2) != draw_photo("market", 3)
    assert len({draw_photo(scene, 1) for scene in SCENES}) == len(SCENES)


def test_unknown_scene_is_a_clear_error() -> None:
    with pytest.raises(KnownError, match="scene 'volcano'"):
        draw_photo("volcano", 1)


def test_has_stories(db: Database) -> None:
    assert not has_stories(db)
    create_demo_newsroom(db, owner_of(db))
    assert has_stories(db)


def test_second_run_refuses_and_changes_nothing(db: Database) -> None:
    create_demo_newsroom(db, owner_of(db))
    models: list[type[Base]] = [Article, City, Contributor, Image, User, AuditEvent, Note, TopStoryWeek]
    before = [count(db, m) for m in models]
    with pytest.raises(KnownError, match="already has stories"):
        create_demo_newsroom(db, owner_of(db))
    assert [count(db, m) for m in models] == before


def test_same_demo_on_every_machine(db: Database, demo_db: Database) -> None:
    create_demo_newsroom(db, owner_of(db))

    def fingerprint(database: Database) -> list[tuple[object, ...]]:
        with database.session() as session:
            rows = session.execute(select(Article.slug, Article.status, Article.week, Article.updated_at)
                                   .order_by(Article.id)).all()
            photos = sorted(session.scalars(select(Image.sha256)))
        return [*rows, tuple(photos)]

    assert fingerprint(db) == fingerprint(demo_db)


def test_demo_reuses_an_existing_vocabulary(newsroom: Database) -> None:
    summary = create_demo_newsroom(newsroom, owner_of(newsroom))
    assert summary.startswith("7 sections, 41 cities")
    with newsroom.session() as session:
        assert session.scalar(select(func.count()).select_from(Contributor).where(Contributor.name == "Ash Obel")) == 1


def test_importing_the_demo_does_not_load_pillow_or_yaml() -> None:
    code = "import sys, editor_app.services.demo; print('PIL' in sys.modules, 'yaml' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]


def test_cli_demo_then_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = str(tmp_path / "profile")
    assert main(["demo", "--profile-dir", profile]) == 0
    assert "Demo newsroom created in" in capsys.readouterr().out
    assert main(["list", "--profile-dir", profile]) == 0
    stories = json.loads(capsys.readouterr().out)
    assert len(stories) == 60
    assert {s["status"] for s in stories} == {s.value for s in Status}
    assert main(["demo", "--profile-dir", profile]) == 1
    assert "already has stories" in capsys.readouterr().err


@pytest.mark.postgres
def test_demo_on_postgresql(pg_db: Database) -> None:
    create_demo_newsroom(pg_db, owner_of(pg_db))
    assert count(pg_db, Article) == 60
    page = list_stories(pg_db, owner_of(pg_db), StoryFilter(search="Bakı"))
    assert any("Baku" in row.cities for row in page.rows)
    rows = list_stories(pg_db, owner_of(pg_db), StoryFilter(search="դպրոց")).rows
    assert [r.slug for r in rows] == ["chess-school-gyumri"]
