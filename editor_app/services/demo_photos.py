"""Photos for the demo newsroom, drawn with Pillow: simple, recognisable, deterministic scenes.

Pillow is imported inside the functions so that importing this module costs nothing at start-up.
Every scene takes a seeded `random.Random`, so the same name and seed always give the same bytes.
"""

from __future__ import annotations

import functools
import io
import logging
import random
from collections.abc import Callable
from typing import TYPE_CHECKING

from editor_app.domain.errors import ValidationError

if TYPE_CHECKING:
    from PIL.Image import Image
    from PIL.ImageDraw import ImageDraw

logger = logging.getLogger(__name__)

WIDTH, HEIGHT = 960, 640
JPEG_QUALITY = 82
RGB = tuple[int, int, int]
Scene = Callable[["Image", "ImageDraw", random.Random], None]


@functools.lru_cache(maxsize=8)
def _gradient_mask(size: tuple[int, int]) -> Image:
    """Black at the top to white at the bottom; cached because every photo needs one (never modified)."""
    from PIL import Image as PILImage

    return PILImage.linear_gradient("L").resize(size)


def _gradient(top: RGB, bottom: RGB, size: tuple[int, int] = (WIDTH, HEIGHT)) -> Image:
    """A vertical gradient from `top` to `bottom`."""
    from PIL import Image as PILImage

    return PILImage.composite(PILImage.new("RGB", size, bottom), PILImage.new("RGB", size, top), _gradient_mask(size))


def _shade(color: RGB, factor: float) -> RGB:
    r, g, b = (max(0, min(255, int(c * factor))) for c in color)
    return (r, g, b)


def _paste_gradient(img: Image, box: tuple[int, int, int, int], top: RGB, bottom: RGB) -> None:
    left, upper, right, lower = box
    img.paste(_gradient(top, bottom, (right - left, lower - upper)), (left, upper))


def _sun(draw: ImageDraw, x: int, y: int, radius: int, color: RGB, glow: RGB) -> None:
    for step in range(4, 0, -1):
        r = radius + step * 14
        draw.ellipse((x - r, y - r, x + r, y + r), fill=_mix(glow, color, step / 5))
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=color)


def _mix(a: RGB, b: RGB, t: float) -> RGB:
    r, g, bl = (int(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return (r, g, bl)


def _ridge(draw: ImageDraw, rnd: random.Random, base: int, height: int, color: RGB, jag: int = 9) -> None:
    """A mountain ridge filled down to the bottom edge."""
    points = [(0, HEIGHT)]
    step = WIDTH // jag
    for i in range(jag + 2):
        points.append((i * step, base - rnd.randint(height // 3, height)))
    points.append((WIDTH, HEIGHT))
    draw.polygon(points, fill=color)


def _skyline(draw: ImageDraw, rnd: random.Random, base: int, color: RGB, lit: RGB | None = None) -> None:
    x = 0
    while x < WIDTH:
        w = rnd.randint(34, 90)
        h = rnd.randint(60, 260)
        draw.rectangle((x, base - h, x + w, HEIGHT), fill=color)
        if rnd.random() < 0.25:
            draw.polygon([(x, base - h), (x + w // 2, base - h - rnd.randint(20, 60)), (x + w, base - h)], fill=color)
        if lit is not None:
            for wy in range(base - h + 12, base - 10, 18):
                for wx in range(x + 6, x + w - 8, 14):
                    if rnd.random() < 0.35:
                        draw.rectangle((wx, wy, wx + 6, wy + 8), fill=lit)
        x += w + rnd.randint(0, 10)


def scene_city_dusk(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """Skyline silhouette at dusk, windows lit, a mountain behind."""
    img.paste(_gradient((38, 44, 96), (242, 140, 84)))
    _sun(draw, rnd.randint(200, 760), 420, 46, (255, 214, 140), (246, 160, 96))
    _ridge(draw, rnd, 470, 220, (96, 70, 110), jag=3)
    _skyline(draw, rnd, 640, (28, 26, 44), lit=(255, 208, 112))


def scene_seafront(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """Towers by the sea at noon, with the promenade and sails."""
    img.paste(_gradient((70, 150, 220), (190, 226, 246)))
    _skyline(draw, rnd, 400, (120, 136, 160))
    _paste_gradient(img, (0, 400, WIDTH, HEIGHT), (32, 110, 170), (18, 64, 110))
    for _ in range(14):
        y = rnd.randint(420, 620)
        x = rnd.randint(0, WIDTH)
        draw.line((x, y, x + rnd.randint(30, 90), y), fill=(150, 200, 230), width=2)
    for _ in range(3):
        x, y = rnd.randint(80, 880), rnd.randint(450, 560)
        draw.polygon([(x, y), (x + 30, y - 70), (x + 34, y)], fill=(250, 250, 246))
        draw.polygon([(x - 20, y + 2), (x + 50, y + 2), (x + 40, y + 14), (x - 10, y + 14)], fill=(60, 50, 48))


def scene_mountains_dawn(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """Layered ridges at dawn with a snow-capped peak."""
    img.paste(_gradient((250, 190, 150), (120, 110, 170)))
    _sun(draw, rnd.randint(300, 660), 330, 40, (255, 236, 190), (250, 200, 160))
    peak_x = rnd.randint(360, 600)
    draw.polygon([(peak_x - 420, 560), (peak_x, 150), (peak_x + 420, 560)], fill=(132, 112, 150))
    draw.polygon([(peak_x - 80, 226), (peak_x, 150), (peak_x + 80, 226), (peak_x + 30, 210),
                  (peak_x, 236), (peak_x - 34, 212)], fill=(248, 244, 250))
    for i, color in enumerate([(98, 84, 124), (70, 62, 96), (44, 40, 64)]):
        _ridge(draw, rnd, 520 + i * 50, 120 - i * 20, color, jag=7 + i * 3)


def scene_market(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A market stall: striped awning, crates of fruit, hanging lamps."""
    img.paste(_gradient((232, 214, 180), (150, 110, 80)))
    colors = [(200, 40, 48), (246, 238, 220)]
    for i in range(12):
        x = i * 80
        draw.rectangle((x, 60, x + 80, 190), fill=colors[i % 2])
        draw.pieslice((x, 150, x + 80, 230), 0, 180, fill=colors[i % 2])
    draw.rectangle((0, 430, WIDTH, HEIGHT), fill=(110, 72, 44))
    fruit = [(214, 40, 60), (250, 160, 30), (120, 170, 40), (150, 30, 80), (240, 210, 60)]
    for c in range(6):
        left = 20 + c * 156
        draw.rectangle((left, 360, left + 140, 470), fill=(150, 100, 60), outline=(90, 60, 36), width=4)
        color = fruit[c % len(fruit)]
        for _ in range(22):
            fx, fy = left + rnd.randint(10, 120), 330 + rnd.randint(0, 60)
            r = rnd.randint(14, 20)
            draw.ellipse((fx, fy, fx + r * 2, fy + r * 2), fill=_shade(color, rnd.uniform(0.8, 1.15)))
            draw.ellipse((fx + 6, fy + 5, fx + 12, fy + 11), fill=_shade(color, 1.4))
    for x in (160, 480, 800):
        draw.line((x, 230, x, 280), fill=(50, 40, 30), width=3)
        draw.ellipse((x - 16, 276, x + 16, 306), fill=(255, 226, 140))


def scene_stage(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A stage with spotlight beams, a performer and the audience's heads."""
    from PIL import Image as PILImage
    from PIL import ImageChops
    from PIL import ImageDraw as PILDraw

    img.paste(_gradient((14, 10, 30), (60, 20, 60)))
    beams = PILImage.new("RGB", img.size, (0, 0, 0))
    beam_draw = PILDraw.Draw(beams)
    for x in (140, 480, 820):
        beam_draw.polygon([(x - 20, 0), (x + 20, 0), (480 + (x - 480) // 3 + 110, 470),
                           (480 + (x - 480) // 3 - 110, 470)], fill=(150, 140, 110))
    img.paste(ImageChops.screen(img, beams))
    draw.rectangle((0, 470, WIDTH, 520), fill=(90, 50, 40))
    draw.ellipse((360, 440, 600, 500), fill=(236, 224, 180))
    draw.ellipse((462, 320, 498, 358), fill=(20, 16, 24))
    draw.polygon([(448, 360), (512, 360), (530, 470), (430, 470)], fill=(20, 16, 24))
    draw.line((520, 370, 560, 330), fill=(120, 110, 100), width=5)
    for _ in range(60):
        x, y = rnd.randint(-20, WIDTH), rnd.randint(540, 620)
        draw.ellipse((x, y, x + 44, y + 56), fill=(8, 6, 12))


def scene_pitch(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A football pitch under floodlights, players in two colours."""
    img.paste(_gradient((20, 30, 60), (40, 60, 90)))
    for i in range(8):
        top = 200 + i * 55
        draw.rectangle((0, top, WIDTH, top + 55), fill=(40, 130, 50) if i % 2 else (52, 150, 60))
    white = (240, 240, 236)
    draw.rectangle((40, 210, 920, 630), outline=white, width=4)
    draw.line((480, 210, 480, 630), fill=white, width=4)
    draw.ellipse((400, 360, 560, 480), outline=white, width=4)
    draw.rectangle((40, 320, 150, 520), outline=white, width=4)
    draw.rectangle((810, 320, 920, 520), outline=white, width=4)
    for x in (120, 840):
        draw.rectangle((x, 40, x + 8, 200), fill=(60, 60, 70))
        draw.rectangle((x - 40, 30, x + 48, 60), fill=(255, 250, 220))
    for team, color in enumerate([(210, 30, 40), (30, 60, 200)]):
        for _ in range(8):
            x = rnd.randint(80 + team * 300, 560 + team * 300)
            y = rnd.randint(260, 580)
            draw.ellipse((x, y - 30, x + 14, y - 16), fill=(60, 40, 30))
            draw.rectangle((x - 2, y - 16, x + 16, y + 8), fill=color)
            draw.rectangle((x, y + 8, x + 14, y + 26), fill=(240, 240, 240))
    draw.ellipse((500, 420, 514, 434), fill=white)


def scene_portrait(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A head-and-shoulders silhouette against a soft studio backdrop."""
    hue = rnd.choice([(90, 120, 150), (150, 110, 90), (110, 140, 110)])
    img.paste(_gradient(_shade(hue, 1.5), _shade(hue, 0.6)))
    draw.ellipse((250, 140, 710, 600), fill=_shade(hue, 1.25))
    draw.ellipse((390, 150, 570, 370), fill=(36, 32, 40))
    draw.rectangle((445, 340, 515, 420), fill=(36, 32, 40))
    draw.ellipse((250, 390, 710, 760), fill=(36, 32, 40))
    draw.polygon([(480, 420), (440, 520), (480, 560), (520, 520)], fill=(230, 230, 236))


def scene_press(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A printing press: rollers, a ribbon of paper and stacked newspapers."""
    img.paste(_gradient((70, 76, 84), (30, 32, 38)))
    for i in range(5):
        x = 120 + i * 150
        draw.ellipse((x, 150, x + 110, 260), fill=(130, 136, 146), outline=(40, 40, 46), width=6)
        draw.ellipse((x + 40, 190, x + 70, 220), fill=(60, 60, 66))
    draw.polygon([(0, 300), (WIDTH, 240), (WIDTH, 290), (0, 350)], fill=(240, 236, 226))
    for y in range(306, 346, 10):
        draw.line((40, y, 900, y - 52), fill=(120, 120, 120), width=2)
    for s in range(3):
        left = 120 + s * 260
        for k in range(9):
            top = 600 - k * 16
            draw.rectangle((left + rnd.randint(-4, 4), top, left + 200, top + 14), fill=(232, 228, 218),
                           outline=(150, 146, 140))
        draw.rectangle((left + 20, 600 - 9 * 16 + 2, left + 180, 600 - 9 * 16 + 12), fill=(30, 30, 30))
    draw.rectangle((0, 610, WIDTH, HEIGHT), fill=(40, 36, 34))


def scene_church(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A stone church with a conical dome on a hill at golden hour."""
    img.paste(_gradient((120, 170, 220), (250, 210, 160)))
    _ridge(draw, rnd, 560, 80, (120, 120, 70), jag=4)
    stone = (190, 140, 110)
    cx = rnd.randint(380, 580)
    draw.rectangle((cx - 160, 380, cx + 160, 560), fill=stone)
    draw.polygon([(cx - 180, 380), (cx, 320), (cx + 180, 380)], fill=_shade(stone, 0.8))
    draw.rectangle((cx - 50, 230, cx + 50, 340), fill=stone)
    draw.polygon([(cx - 66, 232), (cx, 130), (cx + 66, 232)], fill=_shade(stone, 0.75))
    draw.line((cx, 90, cx, 130), fill=(60, 50, 40), width=5)
    draw.line((cx - 14, 104, cx + 14, 104), fill=(60, 50, 40), width=5)
    draw.rounded_rectangle((cx - 26, 470, cx + 26, 560), radius=20, fill=(70, 50, 40))
    for wx in (cx - 16, cx + 8):
        draw.rectangle((wx, 260, wx + 8, 300), fill=(60, 40, 30))


def scene_harbor(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A harbour at sunset: boats, a lighthouse, reflections."""
    img.paste(_gradient((250, 120, 80), (255, 210, 140)))
    _sun(draw, 640, 360, 50, (255, 240, 180), (255, 180, 110))
    _paste_gradient(img, (0, 380, WIDTH, HEIGHT), (150, 80, 90), (40, 40, 80))
    draw.rectangle((120, 200, 150, 380), fill=(240, 236, 230))
    draw.rectangle((114, 184, 156, 204), fill=(200, 40, 40))
    for _ in range(5):
        x, y = rnd.randint(200, 860), rnd.randint(430, 580)
        draw.polygon([(x, y), (x + 120, y), (x + 100, y + 26), (x + 16, y + 26)], fill=(40, 30, 40))
        draw.line((x + 60, y, x + 60, y - 90), fill=(40, 30, 40), width=3)
        for k in range(4):
            draw.line((x + 10, y + 34 + k * 8, x + 100, y + 34 + k * 8), fill=(110, 70, 90), width=2)


def scene_chess(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A chessboard in perspective with a few pieces and a clock."""
    img.paste(_gradient((90, 60, 40), (40, 26, 20)))
    for row in range(8):
        for col in range(8):
            top, bottom = 200 + row * 50, 250 + row * 50
            def x_at(c: int, y: int) -> float:
                return 480 + (c * 80 - 320) * (0.55 + 0.45 * (y - 200) / 400)
            quad = [(x_at(col, top), top), (x_at(col + 1, top), top), (x_at(col + 1, bottom), bottom),
                    (x_at(col, bottom), bottom)]
            draw.polygon(quad, fill=(236, 220, 190) if (row + col) % 2 == 0 else (120, 80, 50))
    for _ in range(9):
        x, y = rnd.randint(300, 640), rnd.randint(230, 560)
        color = (250, 246, 236) if rnd.random() < 0.5 else (20, 18, 18)
        draw.ellipse((x, y - 50, x + 26, y - 24), fill=color)
        draw.polygon([(x - 6, y + 4), (x + 4, y - 30), (x + 22, y - 30), (x + 32, y + 4)], fill=color)
    draw.rectangle((760, 120, 900, 190), fill=(30, 30, 34))
    draw.rectangle((776, 136, 826, 170), fill=(220, 230, 200))
    draw.rectangle((834, 136, 884, 170), fill=(220, 230, 200))


def scene_vineyard(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """Vine rows converging on hills, with a bunch of grapes in front."""
    img.paste(_gradient((140, 190, 230), (230, 230, 200)))
    _ridge(draw, rnd, 300, 90, (150, 140, 120), jag=5)
    draw.rectangle((0, 280, WIDTH, HEIGHT), fill=(150, 120, 70))
    for i in range(-8, 9):
        draw.line((480 + i * 14, 280, 480 + i * 140, HEIGHT), fill=(60, 110, 40), width=18)
    gx, gy = rnd.randint(640, 780), 380
    draw.polygon([(gx, gy - 30), (gx + 60, gy - 60), (gx + 90, gy - 10), (gx + 40, gy)], fill=(70, 130, 50))
    for row in range(6):
        for k in range(6 - row):
            x = gx + k * 26 + row * 13
            y = gy + row * 24
            draw.ellipse((x, y, x + 28, y + 28), fill=(90, 30, 90 + rnd.randint(0, 40)))
            draw.ellipse((x + 6, y + 5, x + 11, y + 10), fill=(180, 130, 190))


def scene_podium(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A lectern with microphones, flags and a backdrop: a press conference."""
    img.paste(_gradient((30, 50, 90), (14, 22, 44)))
    for x in range(0, WIDTH, 120):
        draw.rectangle((x + 10, 60, x + 100, 150), outline=(60, 80, 130), width=3)
    palettes = [[(200, 30, 40), (20, 40, 160), (240, 160, 20)], [(250, 250, 250), (30, 80, 200), (250, 250, 250)],
                [(0, 150, 200), (200, 30, 40), (20, 160, 80)]]
    for f, x in enumerate((90, 820)):
        draw.line((x, 140, x, 560), fill=(200, 190, 150), width=6)
        for k, color in enumerate(palettes[(f + rnd.randint(0, 2)) % 3]):
            draw.rectangle((x + 4, 150 + k * 44, x + 110, 194 + k * 44), fill=color)
    draw.polygon([(340, 330), (620, 330), (590, 640), (370, 640)], fill=(110, 70, 44))
    draw.rectangle((330, 316, 630, 340), fill=(140, 92, 60))
    draw.ellipse((450, 430, 510, 490), fill=(220, 200, 140))
    for x in (440, 480, 520):
        draw.line((x, 320, 480 + (x - 480) // 2, 250), fill=(30, 30, 30), width=5)
        draw.ellipse((480 + (x - 480) // 2 - 10, 230, 480 + (x - 480) // 2 + 10, 256), fill=(20, 20, 20))


def scene_library(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """Bookshelves full of coloured spines."""
    img.paste(_gradient((110, 70, 40), (60, 36, 20)))
    spines = [(150, 40, 40), (40, 80, 130), (200, 160, 60), (40, 110, 70), (120, 60, 120), (230, 220, 200)]
    for shelf in range(4):
        base = 150 + shelf * 140
        draw.rectangle((0, base, WIDTH, base + 14), fill=(80, 50, 26))
        x = 10
        while x < WIDTH - 30:
            w, h = rnd.randint(16, 34), rnd.randint(90, 124)
            draw.rectangle((x, base - h, x + w, base), fill=_shade(rnd.choice(spines), rnd.uniform(0.7, 1.1)))
            draw.line((x + 4, base - h + 14, x + w - 4, base - h + 14), fill=(230, 200, 120), width=2)
            x += w + rnd.randint(1, 4)


def scene_snow_roofs(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """Old black-stone houses with snowy roofs and falling snow."""
    img.paste(_gradient((150, 170, 200), (220, 228, 240)))
    x = -20
    while x < WIDTH:
        w, h = rnd.randint(120, 200), rnd.randint(150, 260)
        top = 620 - h
        draw.rectangle((x, top, x + w, HEIGHT), fill=(60, 56, 60))
        draw.polygon([(x - 12, top + 4), (x + w // 2, top - 70), (x + w + 12, top + 4)], fill=(246, 248, 252))
        for wy in range(top + 30, 600, 60):
            for wx in range(x + 20, x + w - 30, 50):
                draw.rectangle((wx, wy, wx + 22, wy + 32), fill=(250, 210, 120))
        x += w + 6
    draw.rectangle((0, 600, WIDTH, HEIGHT), fill=(240, 244, 250))
    for _ in range(220):
        sx, sy = rnd.randint(0, WIDTH), rnd.randint(0, HEIGHT)
        draw.ellipse((sx, sy, sx + 4, sy + 4), fill=(255, 255, 255))


def scene_chart(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """A trading-screen bar chart with a rising line: business pages."""
    img.paste(_gradient((16, 24, 40), (30, 44, 70)))
    for y in range(100, 580, 60):
        draw.line((60, y, 900, y), fill=(50, 66, 96), width=1)
    level = 420
    points = []
    for i in range(14):
        x = 80 + i * 58
        level = max(140, min(540, level - rnd.randint(-30, 50)))
        draw.rectangle((x, level, x + 36, 580), fill=(40, 150, 120) if rnd.random() < 0.7 else (200, 70, 70))
        points.append((x + 18, level - 30))
    draw.line(points, fill=(250, 210, 90), width=5)
    for px, py in points:
        draw.ellipse((px - 6, py - 6, px + 6, py + 6), fill=(250, 210, 90))


def scene_bread(img: Image, draw: ImageDraw, rnd: random.Random) -> None:
    """Flatbread on a wooden table with pomegranates and a glowing oven mouth."""
    img.paste(_gradient((60, 40, 30), (140, 96, 60)))
    draw.ellipse((620, 60, 900, 300), fill=(60, 30, 20))
    draw.ellipse((660, 100, 860, 260), fill=(250, 150, 40))
    draw.ellipse((700, 130, 820, 230), fill=(255, 220, 120))
    for k in range(3):
        left, top = 80 + k * 40, 330 + k * 50
        draw.ellipse((left, top, left + 460, top + 180), fill=(226, 180, 110), outline=(180, 130, 70), width=3)
        for _ in range(40):
            bx, by = left + rnd.randint(40, 400), top + rnd.randint(30, 150)
            draw.ellipse((bx, by, bx + 10, by + 6), fill=(170, 110, 60))
    for _ in range(3):
        x, y = rnd.randint(600, 860), rnd.randint(420, 560)
        draw.ellipse((x, y, x + 80, y + 80), fill=(170, 20, 40))
        draw.polygon([(x + 30, y + 4), (x + 40, y - 14), (x + 50, y + 4)], fill=(140, 16, 30))
        draw.ellipse((x + 16, y + 14, x + 32, y + 26), fill=(230, 110, 120))


SCENES: dict[str, Scene] = {
    "city_dusk": scene_city_dusk, "seafront": scene_seafront, "mountains_dawn": scene_mountains_dawn,
    "market": scene_market, "stage": scene_stage, "pitch": scene_pitch, "portrait": scene_portrait,
    "press": scene_press, "church": scene_church, "harbor": scene_harbor, "chess": scene_chess,
    "vineyard": scene_vineyard, "podium": scene_podium, "library": scene_library,
    "snow_roofs": scene_snow_roofs, "chart": scene_chart, "bread": scene_bread,
}


def draw_photo(scene: str, seed: int) -> bytes:
    """JPEG bytes of `scene` drawn with `seed`: the same arguments always give the same photo."""
    from PIL import Image as PILImage
    from PIL import ImageDraw as PILDraw

    painter = SCENES.get(scene)
    if painter is None:
        raise ValidationError(f"The demo photo scene '{scene}' does not exist.",
                              hint=f"Known scenes: {', '.join(sorted(SCENES))}.")
    img = PILImage.new("RGB", (WIDTH, HEIGHT))
    painter(img, PILDraw.Draw(img), random.Random(f"{scene}:{seed}"))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=False)
    return out.getvalue()
