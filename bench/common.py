"""What every benchmark shares: a results row, timing helpers that interleave with a baseline, the machine's
description, and the tables (printed, and written into the README between markers so they never go stale)."""

from __future__ import annotations

import importlib.metadata
import os
import platform
import re
import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
README = REPO_ROOT / "README.md"
HEADERS = ["measurement", "n", "median ms", "min ms", "max ms", "ratio", "goal", "result"]


class NotAvailableError(Exception):
    """A measurement that cannot be taken on this checkout or machine."""


@dataclass
class Row:
    """One line of a results table: samples in seconds, or the reason there are none."""

    name: str
    samples: list[float] = field(default_factory=list)
    ratio: str = ""
    goal: str = ""
    passed: bool | None = None
    missing: str = ""

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    def cells(self) -> list[str]:
        verdict = "" if self.passed is None else ("PASS" if self.passed else "FAIL")
        if self.missing:
            return [self.name, "-", "-", "-", "-", "", self.goal, f"not available: {self.missing}"]
        return [self.name, str(len(self.samples)), f"{self.median_ms:.1f}", f"{min(self.samples) * 1000:.1f}",
                f"{max(self.samples) * 1000:.1f}", self.ratio, self.goal, verdict]


def compare(row: Row, base: Row, goal: float, *, label: str = "") -> Row:
    """Fill `row`'s ratio against `base` and its verdict against `goal` (a ratio no higher than)."""
    ratio = row.median_ms / base.median_ms
    row.ratio = f"{ratio:.2f}× {label or 'baseline'}"
    row.passed = ratio <= goal
    return row


def time_call(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def repeated(fn: Callable[[], object], repeat: int) -> list[float]:
    """`repeat` timings of `fn` after one untimed warm-up."""
    fn()
    return [time_call(fn) for _ in range(repeat)]


def interleaved(first: Callable[[], float], second: Callable[[], float],
                repeat: int) -> tuple[list[float], list[float]]:
    """Alternate two timings after one warm-up each, so drift and noise hit both alike."""
    first()
    second()
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        a.append(first())
        b.append(second())
    return a, b


def machine() -> list[str]:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines()
                 if line.startswith("model name")]
        cpu = names[0] if names else cpu
    try:
        qt = importlib.metadata.version("PySide6-Essentials")
    except importlib.metadata.PackageNotFoundError:
        qt = "not installed"
    return [f"CPUs: {os.cpu_count()} × {cpu}", f"Python {platform.python_version()} on {platform.platform()}",
            f"SQLite {sqlite3.sqlite_version}, PySide6 {qt}"]


def text_table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADERS, *rows]) for i in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() for r in [HEADERS, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def markdown_table(rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "|".join("---" for _ in HEADERS) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in r) + " |" for r in rows]
    return "\n".join(lines)


def results_markdown(header: list[str], rows: list[Row], note: str = "") -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M")
    intro = f"Measured {stamp}{f' ({note})' if note else ''}: " + "; ".join(header) + "."
    return intro + "\n\n" + markdown_table([r.cells() for r in rows]) + "\n"


def write_readme_section(name: str, markdown: str, readme: Path = README) -> bool:
    """Replace the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->` in the README; False when the
    markers are missing (then nothing is written)."""
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(rf"(<!-- bench:{re.escape(name)} -->\n).*?(<!-- /bench:{re.escape(name)} -->)", re.S)
    if not pattern.search(text):
        return False
    readme.write_text(pattern.sub(lambda m: m.group(1) + markdown + m.group(2), text, count=1), encoding="utf-8")
    return True


def publish_results(name: str, header: list[str], rows: list[Row], *, note: str = "", readme: bool = True) -> None:
    """Print the table, keep it in bench/.cache/NAME-results.md and (unless `readme` is False) write it into the
    README between `<!-- bench:NAME -->` markers, so the README's figures are always a real run's."""
    print()
    print(text_table([r.cells() for r in rows]))
    markdown = results_markdown(header, rows, note)
    cache = Path(__file__).with_name(".cache")
    cache.mkdir(parents=True, exist_ok=True)
    (cache / f"{name}-results.md").write_text(markdown, encoding="utf-8")
    if readme:
        written = write_readme_section(name, markdown)
        print("README.md updated." if written else f"README.md has no <!-- bench:{name} --> markers; not updated.")
