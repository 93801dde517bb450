"""A photographer's card for looking at the photo desk: `python -m bench.photo_desk_samples DIR`.

Pictures drawn by the demo newsroom's scenes (a market, a harbour, a stage…), wrapped the way cameras and
captioning tools write them (bench/sample_photos.py): EXIF from three camera bodies, GPS and serial numbers on
some, IPTC captions, credits and by-lines on others, and a few straight off the camera with no words at all.
Used by the screenshots (scripts/screenshot.sh with EDITOR_APP_SCREENSHOT_VIEW=photos) and nothing else.
"""

from __future__ import annotations

import io
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from bench import sample_photos
from bench.sample_photos import Camera
from editor_app.services.demo_photos import draw_photo

CANON = {"make": "Canon", "model": "Canon EOS R5"}
NIKON = {"make": "NIKON CORPORATION", "model": "NIKON Z 9"}
SONY = {"make": "SONY", "model": "ILCE-7M4"}


@dataclass(frozen=True)
class Shot:
    name: str
    scene: str
    seed: int
    body: dict[str, str]
    gps: bool = False
    serials: bool = False
    caption: str = ""  # with a caption, the file also carries IPTC credit and by-line
    credit: str = ""
    byline: str = ""
    taken: str = "20261004"


CARD = (
    Shot("DSC_4471.jpg", "market", 11, NIKON, gps=True, serials=True,
         caption="Shoppers crowd the Vernissage market in Yerevan on Saturday morning.",
         credit="Meridian Weekly photo", byline="Sona Grigoryan"),
    Shot("IMG_0912.jpg", "harbor", 4, CANON, caption="Fishing boats return to the harbour in Batumi at dusk.",
         credit="Levant Pictures photo", byline="Levant Pictures"),
    Shot("DSC04418.jpg", "stage", 8, SONY, gps=True, serials=True),
    Shot("IMG_0915.jpg", "portrait", 3, CANON, serials=True,
         caption="The novelist Maro Tashjian at home in Montréal.", credit="Anahit Hayrapetyan photo",
         byline="Anahit Hayrapetyan"),
    Shot("DSC_4502.jpg", "pitch", 6, NIKON, gps=True),
    Shot("IMG_0920.jpg", "church", 2, CANON, caption="Morning service at Saint Sarkis church in Gyumri.",
         credit="Meridian Weekly photo", byline="Sona Grigoryan"),
    Shot("DSC04431.jpg", "podium", 5, SONY, serials=True),
    Shot("DSC_4519.jpg", "vineyard", 7, NIKON, gps=True, serials=True,
         caption="Harvest begins in the Areni vineyards.", credit="Highland Photo Agency photo",
         byline="Highland Photo Agency"),
)


def shot_jpeg(shot: Shot) -> bytes:
    img = Image.open(io.BytesIO(draw_photo(shot.scene, shot.seed)))
    camera = Camera(make=shot.body["make"], model=shot.body["model"], gps=shot.gps, serials=shot.serials,
                    maker_note=shot.serials, iptc=False, xmp=False)
    params: dict[str, object] = {"quality": 90, "exif": sample_photos.exif_bytes(camera, img.width, img.height)}
    if shot.caption:
        app13 = sample_photos.iptc_app13({(2, 120): shot.caption, (2, 110): shot.credit, (2, 80): shot.byline,
                                          (2, 116): f"© 2026 {shot.byline}", (2, 55): shot.taken,
                                          (2, 60): "093012+0400"})
        params["extra"] = b"\xff\xed" + struct.pack(">H", len(app13) + 2) + app13
    out = io.BytesIO()
    img.save(out, "JPEG", **params)
    return out.getvalue()


def write_card(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for shot in CARD:
        path = folder / shot.name
        path.write_bytes(shot_jpeg(shot))
        paths.append(path)
    return paths


if __name__ == "__main__":
    written = write_card(Path(sys.argv[1] if len(sys.argv) > 1 else "card"))
    print(f"{len(written)} photos in {written[0].parent}")
