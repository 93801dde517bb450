"""Render benchmark: `python -m bench.render_bench [--repeat N] [--check]`.

The editor's live preview of a 2,000-word story with footnotes, a table and photos, against bare
Python-Markdown converting the same body with the same extensions (one reused instance, reset between
runs: the fastest bare Markdown can be), interleaved in the same run after a warm-up. Also shown, for
the record: the local site's page, the WordPress content and the steps of the pipeline on their own.
"""

from __future__ import annotations

import argparse
import logging
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

from markdown import Markdown

from bench.common import Row, interleaved, machine, publish_results
from editor_app.domain.bylines import Byline, BylineRole
from editor_app.domain.stories import Dateline, PhotoUse, StoryDetail
from editor_app.domain.weeks import IsoWeek
from editor_app.domain.workflow import Status
from editor_app.render.article import Link, PaperSettings, render_article_page, render_preview_html
from editor_app.render.markdown_html import MARKDOWN_CONFIG, markdown_extensions
from editor_app.render.sanitize import sanitize
from editor_app.render.wordpress_content import RemoteMedia, wordpress_content

logger = logging.getLogger(__name__)

GOAL = 1.3
PAPER = PaperSettings(name="Mirror-Spectator", masthead="The Armenian Mirror-Spectator")
_VOCABULARY = ("the of and to in a that for on said with was as by at from his its government talks minister "
               "community school church village border families week council parliament delegation agreement "
               "Yerevan Gyumri Vanadzor Baku Bakı Gəncə Stepanakert Tbilisi Watertown diaspora Երևան համայնք "
               "Armenian Azerbaijani president officials election budget festival students museum")
WORDS = _VOCABULARY.split()
LEAD = PhotoUse(1, "a" * 64, "lead", "Gantz in Baku", "Jewish Press photo", "Gantz at a podium", width=1600,
                height=1000, ref="photos/lead.jpg")
INLINE = PhotoUse(2, "b" * 64, "inline", "Delegates at the talks", "AP photo", "Delegates around a table",
                  width=1200, height=800, ref="photos/IMG_0001.jpg")


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    if rng.random() < 0.3:
        text = f'"{text}," a spokesman said -- before the vote'
    return text[:1].upper() + text[1:] + "."


def prose_words(text: str) -> int:
    return sum(1 for word in text.split() if any(ch.isalpha() for ch in word))


def story_body(words: int = 2000, seed: int = 40) -> str:
    """About `words` words of news-like text: paragraphs, two subheads, a table, four footnotes, a photo."""
    rng = random.Random(seed)
    parts: list[str] = []
    count = note = 0
    while count < words - 120:  # the table and the footnotes make up the rest
        length = rng.randint(40, 80)
        paragraph = " ".join(sentence(rng, rng.randint(8, 20)) for _ in range(length // 14 + 1))
        if note < 4 and rng.random() < 0.25:
            note += 1
            paragraph += f"[^{note}]"
        parts.append(paragraph)
        count += prose_words(paragraph)
        if len(parts) == 4:
            parts.append(f"![Delegates]({INLINE.ref})")
        if len(parts) == 8:
            parts.append("## What was signed\n\n| Agreement | Signed in | Value |\n|:--|:--|--:|\n"
                         + "\n".join(f"| {rng.choice(WORDS)} {rng.choice(WORDS)} | {rng.choice(WORDS)} | "
                                     f"${rng.randint(1, 300)}m |" for _ in range(8)))
        if len(parts) == 16:
            parts.append("## Reaction in the diaspora")
    parts += [f"[^{n}]: {sentence(rng, 14)}" for n in range(1, note + 1)]
    return "\n\n".join(parts) + "\n"


def bench_story() -> StoryDetail:
    now = datetime(2026, 10, 1, tzinfo=UTC)
    return StoryDetail(
        id=1, headline="Israeli Defense Minister Visits Azerbaijan", deck="Talks on drones, water and trade",
        slug="visit", section="International", status=Status.APPROVED, week=IsoWeek(2026, 40), body=story_body(),
        bylines=(Byline("Ash Obel"), Byline("Nora Sarkissian", BylineRole.SPECIAL)),
        cities=("Azerbaijan", "Israel", "Yerevan"), dateline=Dateline("Tel Aviv", "Times of Israel"),
        photos=(LEAD, INLINE), scheduled=None, created=now, updated=now, version=1)


def timed(fn: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        fn()
        return time.perf_counter() - start
    return run


def measure(repeat: int) -> list[Row]:
    story = bench_story()
    bare = Markdown(extensions=markdown_extensions(), extension_configs=MARKDOWN_CONFIG, output_format="html")
    markdown_html = bare.reset().convert(story.body)

    def qt_src(photo: PhotoUse) -> str:
        return f"image:{photo.image_id}"

    def preview() -> str:
        return render_preview_html(story, paper=PAPER, image_src=qt_src)

    def baseline() -> str:
        return str(bare.reset().convert(story.body))

    base, pipeline = interleaved(timed(baseline), timed(preview), repeat)
    ratio = statistics.median(pipeline) / statistics.median(base)
    words = prose_words(story.body)
    rows = [Row(f"bare Python-Markdown, same extensions, {words:,} words (baseline)", base),
            Row("preview: render_preview_html (Markdown, photos, nh3, Jinja)", pipeline, f"{ratio:.2f}× bare",
                f"≤ {GOAL}× bare", ratio <= GOAL)]
    extra: list[tuple[str, Callable[[], object]]] = [
        ("local site page: render_article_page", lambda: render_article_page(
            story, paper=PAPER, image_src=lambda p: f"media/{p.sha256[:12]}.jpg", city_href=lambda c: f"{c}.html",
            previous=Link("Before", "a.html"), next_link=Link("After", "b.html"))),
        ("WordPress content: wordpress_content", lambda: wordpress_content(
            story, paper=PAPER, media=lambda p: RemoteMedia(p.image_id, f"https://paper.example/{p.sha256[:8]}.jpg"))),
        ("  step: nh3 sanitize of the Markdown output", lambda: sanitize(markdown_html)),
        ("  step: a fresh markdown.Markdown() per render (not done)", lambda: Markdown(
            extensions=markdown_extensions(), extension_configs=MARKDOWN_CONFIG).convert(story.body)),
    ]
    for name, fn in extra:
        base_again, samples = interleaved(timed(baseline), timed(fn), repeat)
        share = statistics.median(samples) / statistics.median(base_again)
        rows.append(Row(name, samples, f"{share:.2f}× bare"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.render_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=51, metavar="N", help="timed runs per figure (default 51)")
    parser.add_argument("--check", action="store_true", help="exit 1 when the goal is missed")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into README.md")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    header = machine()
    print("\n".join(header), flush=True)
    rows = measure(args.repeat)
    publish_results("render", header, rows, readme=not args.no_readme)
    return 1 if args.check and any(row.passed is False for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
