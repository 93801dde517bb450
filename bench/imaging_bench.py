"""The photo engine's benchmark: `python -m bench.imaging_bench [--repeat N] [--check]`.

On a generated 24-megapixel camera JPEG (EXIF with GPS, serials and a maker note, IPTC, XMP; about 7 MB):
(1) thumbnail + 320/800/1600 renditions vs naive Pillow and vs pyvips' shrink-on-load thumbnail,
(2) reading the metadata vs Pillow's own readers, (3) stripping GPS and serials vs a Pillow re-encode.
Every figure is measured interleaved with its baselines in the same run, warm (one untimed run first).
Prints a table and writes it as Markdown to bench/.cache/imaging-results.md.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import logging
import time
from collections.abc import Callable
from types import ModuleType

from PIL import Image, IptcImagePlugin

from bench import sample_photos
from bench.common import Row, machine, publish_results, time_call
from editor_app.imaging.metadata import read_metadata
from editor_app.imaging.renditions import JPEG_QUALITY, THUMB_BOX, WEB_WIDTHS, make_renditions
from editor_app.imaging.scrub import scrub_for_publication, verify_clean
from editor_app.imaging.sniff import probe

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 6000, 4000  # 24 MP, as a full-frame camera writes
ENCODE = {"quality": JPEG_QUALITY, "optimize": True, "progressive": True}  # the same for every contender


def make_photo() -> bytes:
    """The test photo: 24 MP with grain enough to weigh about 7 MB at quality 92, full newsroom metadata."""
    return sample_photos.camera_jpeg(WIDTH, HEIGHT, sample_photos.Camera(thumbnail=True), quality=92, detail=60)


def output_sizes(width: int, height: int) -> list[tuple[int, int]]:
    """The sizes make_renditions produces for this picture (thumbnail box, then each web width)."""
    scale = min(THUMB_BOX[0] / width, THUMB_BOX[1] / height, 1.0)
    sizes = [(round(width * scale), round(height * scale))]
    return sizes + [(min(w, width), round(height * min(w, width) / width)) for w in WEB_WIDTHS]


def naive_renditions(data: bytes) -> None:
    """What a first version would do: open, decode all 24 MP, resize each (Pillow's default filter)."""
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        for size in output_sizes(*img.size):
            out = io.BytesIO()
            img.resize(size, Image.Resampling.BICUBIC).save(out, "JPEG", **ENCODE)


def load_pyvips() -> tuple[ModuleType | None, str]:
    """pyvips, or why it cannot be had (it is a bench-only dependency: the `bench` extra + Debian libvips42)."""
    try:
        import pyvips
    except ImportError:
        return None, "pyvips is not installed (pip install -e '.[bench]')"
    except Exception as exc:  # cffi raises OSError when libvips itself is missing
        return None, f"libvips cannot be loaded (apt-get install libvips42): {str(exc).splitlines()[0]}"
    return pyvips, ""


def vips_renditions(pyvips: ModuleType, data: bytes) -> None:
    """pyvips' thumbnail_buffer per size: shrink-on-load, auto-rotate, metadata stripped, same encoder settings."""
    boxes = [THUMB_BOX] + [(w, 10_000_000) for w in WEB_WIDTHS]
    for width, height in boxes:
        thumb = pyvips.Image.thumbnail_buffer(data, width, height=height, size="down")
        thumb.jpegsave_buffer(Q=JPEG_QUALITY, optimize_coding=True, interlace=True, strip=True)


def vips_decode_once(pyvips: ModuleType, data: bytes) -> None:
    """pyvips with our trick: one shrink-on-load for the largest size, the others resized from it in memory."""
    boxes = [THUMB_BOX] + [(w, 10_000_000) for w in WEB_WIDTHS]
    largest = pyvips.Image.thumbnail_buffer(data, boxes[-1][0], height=boxes[-1][1], size="down").copy_memory()
    for width, height in boxes:
        thumb = largest if width == boxes[-1][0] else largest.thumbnail_image(width, height=height, size="down")
        thumb.jpegsave_buffer(Q=JPEG_QUALITY, optimize_coding=True, interlace=True, strip=True)


def pillow_metadata(data: bytes) -> None:
    """Pillow's own readers: EXIF with its GPS and Exif directories, IPTC, XMP."""
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        exif.get_ifd(0x8825)
        exif.get_ifd(0x8769)
        IptcImagePlugin.getiptcinfo(img)
        img.getxmp()


def reencode_without_gps(data: bytes) -> bytes:
    """The slow way to strip GPS: decode and re-encode the whole picture (and IPTC is lost)."""
    with Image.open(io.BytesIO(data)) as img:
        exif = img.getexif()
        exif.pop(0x8825, None)
        out = io.BytesIO()
        img.save(out, "JPEG", quality=95, exif=exif)
        return out.getvalue()


def interleave(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, list[float]]:
    """Time each contender `repeat` times, round-robin, after one untimed warm-up each."""
    for fn in contenders.values():
        fn()
    samples: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(repeat):
        for name, fn in contenders.items():
            samples[name].append(time_call(fn))
    return samples


def ratio_row(row: Row, base: Row, *, goal: str, at_least: float | None = None, at_most: float | None = None) -> Row:
    """`row` compared with `base`: '3.2× faster' when at_least is a speed-up goal, '0.8× X' for at_most."""
    speedup = base.median_ms / row.median_ms
    if at_least is not None:
        row.ratio, row.passed = f"{speedup:.1f}× faster than {base.name.split(':')[0]}", speedup >= at_least
    if at_most is not None:
        slowdown = row.median_ms / base.median_ms
        row.ratio, row.passed = f"{slowdown:.2f}× its time", slowdown <= at_most
    row.goal = goal
    return row


def measure_renditions(data: bytes, repeat: int) -> list[Row]:
    pyvips, missing = load_pyvips()
    contenders: dict[str, Callable[[], object]] = {
        "ours": lambda: make_renditions(data),
        "naive": lambda: naive_renditions(data),
    }
    if pyvips is not None:
        contenders["vips"] = lambda: vips_renditions(pyvips, data)
        contenders["vips once"] = lambda: vips_decode_once(pyvips, data)
    samples = interleave(contenders, repeat)
    naive = Row("naive Pillow: open, full decode, resize each (baseline)", samples["naive"])
    rows = [naive]
    ours = Row("make_renditions: thumbnail + 320/800/1600", samples["ours"])
    rows.append(ratio_row(ours, naive, goal="≥ 3× faster than naive", at_least=3.0))
    vips_title = "pyvips thumbnail_buffer per size, shrink-on-load (baseline)"
    if pyvips is None:
        rows.append(Row(vips_title, missing=missing))
        rows.append(Row("make_renditions vs pyvips", goal="≤ 1.2× pyvips", passed=None, missing=missing))
        return rows
    vips = Row(vips_title, samples["vips"])
    rows.append(vips)
    versus = Row("make_renditions vs pyvips", samples["ours"])
    rows.append(ratio_row(versus, vips, goal="≤ 1.2× pyvips", at_most=1.2))
    once = Row("pyvips decoding once: 1600 by shrink-on-load, the rest from it (extra baseline)",
               samples["vips once"])
    rows.append(once)
    versus_once = Row("make_renditions vs pyvips decoding once", samples["ours"])
    versus_once.ratio = f"{versus_once.median_ms / once.median_ms:.2f}× its time"
    rows.append(versus_once)
    return rows


def measure_metadata(data: bytes, repeat: int) -> list[Row]:
    samples = interleave({"ours": lambda: read_metadata(data), "pillow": lambda: pillow_metadata(data)}, repeat)
    base = Row("Pillow: getexif + GPS/Exif IFDs + getiptcinfo + getxmp (baseline)", samples["pillow"])
    ours = Row("read_metadata: caption, credit, by-line, date, GPS/serial findings", samples["ours"], goal="≤ 5 ms")
    ours.ratio = f"{base.median_ms / ours.median_ms:.1f}× faster than Pillow"
    ours.passed = ours.median_ms <= 5
    return [base, ours]


def measure_scrub(data: bytes, repeat: int) -> list[Row]:
    samples = interleave({"ours": lambda: scrub_for_publication(data, "image/jpeg"),
                          "reencode": lambda: reencode_without_gps(data),
                          "verify": lambda: verify_clean(data),
                          "probe": lambda: probe(data, "bench.jpg")}, repeat)
    mb = len(data) / 1e6
    base = Row(f"GPS strip by Pillow re-encode, {mb:.1f} MB JPEG (baseline; loses IPTC)", samples["reencode"])
    ours = Row(f"scrub_for_publication: lossless splice, {mb:.1f} MB JPEG", samples["ours"], goal="≤ 10 ms")
    ours.ratio = f"{base.median_ms / ours.median_ms:.0f}× faster than re-encoding"
    ours.passed = ours.median_ms <= 10
    verify = Row(f"verify_clean on the same {mb:.1f} MB JPEG (reads to its end)", samples["verify"])
    sniff = Row("probe: format, size, frames, depth (header only)", samples["probe"])
    return [base, ours, verify, sniff]


def run(repeat: int) -> tuple[list[Row], str]:
    start = time.perf_counter()
    data = make_photo()
    cleaned = scrub_for_publication(data)
    about = (f"test photo: {WIDTH}×{HEIGHT} JPEG, {len(data) / 1e6:.1f} MB, made in "
             f"{time.perf_counter() - start:.1f} s; the scrub removed {len(cleaned.removed)} items and kept IPTC: "
             f"{read_metadata(cleaned.data).sources.get('caption')}")
    rows: list[Row] = []
    for title, step in (("renditions", measure_renditions), ("metadata", measure_metadata),
                        ("GPS strip", measure_scrub)):
        print(f"Measuring {title}…", flush=True)
        try:
            rows += step(data, repeat)
        except Exception as exc:  # one broken measurement must not hide the others
            logger.debug("measurement failed", exc_info=True)
            rows.append(Row(title, passed=False, missing=str(exc) or type(exc).__name__))
    return rows, about


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.imaging_bench", description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, metavar="N", help="timed runs per measurement (15)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a goal is missed")
    parser.add_argument("--no-readme", action="store_true", help="do not write the table into README.md")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    pyvips, _ = load_pyvips()
    header = [*machine(), f"Pillow {importlib.metadata.version('Pillow')}"
              + (f", libvips {pyvips.version(0)}.{pyvips.version(1)}.{pyvips.version(2)}" if pyvips else "")]
    print("\n".join(header), flush=True)
    rows, about = run(args.repeat)
    print(f"\n{about}")
    publish_results("imaging", header, rows, note=about, readme=not args.no_readme)
    return 1 if args.check and any(r.passed is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
