"""The publishing benchmark compares like with like: the app and the bare client make the same REST calls
against the real WordPress (no timings asserted here)."""

from __future__ import annotations

from bench.publish_bench import measure
from tests.integration.wordpress_helpers import site_from_env


def test_the_app_and_the_bare_client_make_the_same_calls() -> None:
    site_from_env()  # skipped (or failed under CI) without the test WordPress
    rows, counts = measure(repeat=1, stories=2)
    assert counts["app"] == counts["bare"]
    assert counts["app"]["POST /wp-json/wp/v2/media"] == 4 and counts["app"]["POST /wp-json/wp/v2/posts"] == 4
    assert rows[0].name.endswith("(baseline)") and rows[1].goal == "≤ 1.15× bare"
    assert all(len(row.samples) == 1 for row in rows)
