"""Damaged and hostile files, many of them: every entry point answers or raises ValidationError, nothing else."""

from __future__ import annotations

import random

import pytest

from bench import sample_photos
from bench.sample_photos import Camera
from editor_app.domain.errors import ValidationError
from editor_app.imaging.metadata import read_metadata
from editor_app.imaging.renditions import make_renditions
from editor_app.imaging.scrub import scrub_for_publication, verify_clean
from editor_app.imaging.sniff import probe
from tests.imaging import files


def mutants(data: bytes, count: int, seed: int) -> list[bytes]:
    """Cut-short copies and copies with bytes overwritten, mostly in the metadata-bearing header."""
    rng = random.Random(seed)
    header = min(len(data), 4096)
    found = [data[:cut] for cut in sorted(rng.sample(range(1, len(data)), count // 3))]
    while len(found) < count:
        copy = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            copy[rng.randrange(2, header)] = rng.randrange(256)
        found.append(bytes(copy))
    return found


def try_everything(data: bytes) -> None:
    for step in (lambda: probe(data, "m.jpg", full_decode=True), lambda: read_metadata(data, "m.jpg"),
                 lambda: scrub_for_publication(data, name="m.jpg"),
                 lambda: make_renditions(data, widths=(64,), thumb=(32, 32), name="m.jpg")):
        try:
            step()
        except ValidationError as exc:
            assert "m.jpg" in exc.message
    verify_clean(data)  # a bool, whatever the bytes


SOURCES = {
    "camera jpeg": lambda: sample_photos.camera_jpeg(160, 120, Camera(thumbnail=True), detail=10),
    "png": lambda: files.encode(sample_photos.scene(64, 48), "PNG", exif=sample_photos.exif_bytes(Camera(), 64, 48)),
    "webp": lambda: files.encode(sample_photos.scene(64, 48), "WEBP", exif=sample_photos.exif_bytes(Camera(), 64, 48),
                                 xmp=sample_photos.xmp_packet()),
    "gif": lambda: files.gif_with_xmp(sample_photos.xmp_packet()),
    "tiff": lambda: files.encode(sample_photos.scene(64, 48), "TIFF"),
}


@pytest.mark.parametrize("kind", SOURCES)
def test_damaged_files_get_validation_errors_only(kind: str) -> None:
    for mutant in mutants(SOURCES[kind](), 150, seed=len(kind)):
        try_everything(mutant)


def test_scrubbed_mutants_that_survive_are_clean() -> None:
    for mutant in mutants(SOURCES["camera jpeg"](), 150, seed=7):
        try:
            result = scrub_for_publication(mutant)
        except ValidationError:
            continue
        assert verify_clean(result.data), result.removed
