"""Photo files for the imaging tests, made on the spot with Pillow or by hand (PNG and GIF bytes)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

from bench import sample_photos


def encode(img: Image.Image, fmt: str, **params: object) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **params)
    return out.getvalue()


def png(width: int, height: int, *, bit_depth: int, color_type: int, rows: bytes | None = None,
        chunks: tuple[tuple[bytes, bytes], ...] = ()) -> bytes:
    """A PNG written by hand; `rows` are the raw scanlines (zeros when None, compressed in pieces)."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))

    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color_type]
    row_bytes = (width * channels * bit_depth + 7) // 8 + 1
    squeezer = zlib.compressobj(9)
    if rows is None:
        block = b"\x00" * (row_bytes * 256)
        idat = b"".join(squeezer.compress(block) for _ in range(height // 256))
        idat += squeezer.compress(b"\x00" * (row_bytes * (height % 256)))
    else:
        idat = squeezer.compress(rows)
    idat += squeezer.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    extra = b"".join(chunk(kind, payload) for kind, payload in chunks)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + extra + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def bomb_png(megapixels: int = 400) -> bytes:
    """A 1-bit PNG of `megapixels` that compresses to a few hundred kilobytes: a decompression bomb."""
    side = int((megapixels * 1_000_000) ** 0.5)
    return png(side, side, bit_depth=1, color_type=0)


def rgb16_png(width: int = 64, height: int = 48, value: int = 0x8000) -> bytes:
    """A 16-bit-per-channel RGB PNG (Pillow cannot write one), every sample `value`."""
    row = b"\x00" + struct.pack(">H", value) * 3 * width
    return png(width, height, bit_depth=16, color_type=2, rows=row * height)


def cmyk_jpeg(color: tuple[int, int, int, int] = (255, 0, 0, 0)) -> bytes:
    return encode(Image.new("CMYK", (400, 300), color), "JPEG", quality=95)


def animated_gif() -> bytes:
    frames = [Image.new("RGB", (120, 80), c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def gif_with_xmp(packet: bytes) -> bytes:
    """A GIF with an XMP application block, written the way Adobe does (raw packet + magic trailer)."""
    plain = encode(Image.new("P", (40, 30), 3), "GIF")
    trailer = bytes([1, *range(255, -1, -1)]) + b"\x00"
    block = b"\x21\xff\x0bXMP DataXMP" + packet + trailer
    header_end = 13 + (3 * (2 << (plain[10] & 7)) if plain[10] & 0x80 else 0)
    return plain[:header_end] + block + plain[header_end:]


def jpeg_with_exif_payload(payload: bytes, size: tuple[int, int] = (300, 200)) -> bytes:
    """A JPEG whose APP1 carries `payload` (which should start with Exif\\0\\0) as it is."""
    plain = encode(sample_photos.scene(*size, detail=0), "JPEG", quality=80)
    segment = b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload
    return plain[:2] + segment + plain[2:]


def oriented_jpeg(orientation: int) -> bytes:
    """A 300x200 upright picture (red top-left, green top-right, blue bottom-left corner), stored so that
    a viewer applying EXIF `orientation` shows it upright."""
    upright = Image.new("RGB", (300, 200), (128, 128, 128))
    upright.paste((255, 0, 0), (0, 0, 60, 60))
    upright.paste((0, 255, 0), (240, 0, 300, 60))
    upright.paste((0, 0, 255), (0, 140, 60, 200))
    undo = {2: [Image.Transpose.FLIP_LEFT_RIGHT], 3: [Image.Transpose.ROTATE_180],
            4: [Image.Transpose.FLIP_TOP_BOTTOM], 5: [Image.Transpose.TRANSPOSE],
            6: [Image.Transpose.ROTATE_90], 7: [Image.Transpose.TRANSVERSE], 8: [Image.Transpose.ROTATE_270]}
    stored = upright
    for method in undo.get(orientation, []):
        stored = stored.transpose(method)
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(stored, "JPEG", quality=95, exif=exif.tobytes())
