"""RenditionCache: made once, read back after, remade when a file is missing or damaged, written atomically."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from bench import sample_photos
from editor_app.domain.errors import StorageError
from editor_app.imaging.cache import RenditionCache
from editor_app.imaging.renditions import RenditionSpec, standard_specs

CARD = RenditionSpec("card", 300, 200, crop=True)


class Loader:
    """The original's bytes, counting how often the cache needed them."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.calls = 0

    def __call__(self) -> bytes:
        self.calls += 1
        return self.data


@pytest.fixture(scope="module")
def photo() -> bytes:
    return sample_photos.camera_jpeg(1000, 700)


def test_renditions_are_made_once_then_read_from_disk(tmp_path: Path, photo: bytes) -> None:
    cache = RenditionCache(tmp_path / "cache")
    sha = hashlib.sha256(photo).hexdigest()
    load = Loader(photo)
    specs = standard_specs(crops=[CARD])
    first = cache.get_or_make(sha, specs, load)
    assert load.calls == 1
    assert [(r.spec.name, r.width, r.height) for r in first] == [
        ("thumb", 256, 179), ("w320", 320, 224), ("w800", 800, 560), ("w1600", 1000, 700), ("card", 300, 200)]
    assert all(r.path.is_file() and r.path.read_bytes()[:3] == b"\xff\xd8\xff" for r in first)
    again = cache.get_or_make(sha, specs, load)
    assert load.calls == 1
    assert again == first
    assert not list((tmp_path / "cache").rglob("*.tmp"))


def test_a_missing_or_damaged_file_is_made_again(tmp_path: Path, photo: bytes) -> None:
    cache = RenditionCache(tmp_path)
    sha = hashlib.sha256(photo).hexdigest()
    load = Loader(photo)
    thumb, w800 = cache.get_or_make(sha, standard_specs(widths=(800,)), load)
    good = w800.path.read_bytes()
    thumb.path.unlink()
    w800.path.write_bytes(good[: len(good) // 2])  # cut short, as by a crash or a full disk elsewhere
    remade = cache.get_or_make(sha, standard_specs(widths=(800,)), load)
    assert load.calls == 2
    assert remade[0].path.is_file()
    assert remade[1].path.read_bytes() == good
    w800.path.write_bytes(b"")
    cache.get_or_make(sha, standard_specs(widths=(800,)), load)
    assert load.calls == 3


def test_crops_are_keyed_by_focal_point(tmp_path: Path, photo: bytes) -> None:
    cache = RenditionCache(tmp_path)
    sha = hashlib.sha256(photo).hexdigest()
    left = cache.get_or_make(sha, [CARD], Loader(photo), focal=(0.1, 0.5))[0]
    right = cache.get_or_make(sha, [CARD], Loader(photo), focal=(0.9, 0.5))[0]
    assert left.path != right.path
    assert cache.path_for(sha, RenditionSpec("w800", 800), (0.1, 0.5)) == cache.path_for(
        sha, RenditionSpec("w800", 800), (0.9, 0.5))
    assert cache.discard(sha) == 2
    assert not left.path.exists()


def test_keys_must_be_sha256_and_match_the_bytes(tmp_path: Path, photo: bytes) -> None:
    cache = RenditionCache(tmp_path)
    with pytest.raises(ValueError, match="sha256"):
        cache.path_for("../../etc/passwd", RenditionSpec("w800", 800))
    with pytest.raises(ValueError, match="do not hash to"):
        cache.get_or_make("0" * 64, [RenditionSpec("w800", 800)], Loader(photo))


def test_an_unwritable_cache_folder_is_a_plain_error(tmp_path: Path, photo: bytes) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    cache = RenditionCache(blocker)
    with pytest.raises(StorageError, match="cannot be saved in"):
        cache.get_or_make(hashlib.sha256(photo).hexdigest(), [RenditionSpec("w320", 320)], Loader(photo))
