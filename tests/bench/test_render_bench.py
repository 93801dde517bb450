"""The render benchmark's story is what it claims to be (no timings here)."""

from __future__ import annotations

from bench.render_bench import PAPER, bench_story, measure, prose_words
from editor_app.render.article import render_preview_html
from tests.render.html_check import parse


def test_bench_story_is_a_2000_word_story_with_footnotes_a_table_and_a_photo() -> None:
    story = bench_story()
    assert 1900 <= prose_words(story.body) <= 2200
    assert story.body == bench_story().body, "seeded: every run measures the same text"
    assert story.body.count("\n[^") == 4 and "|:--|" in story.body and "![Delegates](photos/IMG_0001.jpg)" in story.body


def test_measure_reports_the_preview_against_bare_markdown() -> None:
    rows = measure(repeat=1)
    assert rows[0].name.endswith("(baseline)") and rows[1].name.startswith("preview")
    assert rows[1].goal == "≤ 1.3× bare" and rows[1].ratio.endswith("× bare")
    assert all(len(row.samples) == 1 for row in rows)


def test_bench_story_renders_fully() -> None:
    document = parse(render_preview_html(bench_story(), paper=PAPER, image_src=lambda p: f"image:{p.image_id}"))
    assert len(document.find("li")) == 4 and len(document.find("tr")) == 9 and len(document.find("img")) == 2
