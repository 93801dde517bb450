"""Camera-like test photos, made here rather than shipped: EXIF with GPS and serial numbers, a maker note,
an EXIF thumbnail, IPTC (APP13, written by hand), XMP; used by bench/imaging_bench.py and tests/imaging.

The metadata is written with Pillow's EXIF writer and by hand, never with editor_app.imaging, so the tests
that read and scrub it check the app against independent bytes.
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
BODY_SERIAL, LENS_SERIAL, MAKER_NOTE = 0xA431, 0xA435, 0x927C
CAPTION = "Voters queue outside a polling station in Gyumri, Armenia, on Sunday."
CREDIT = "Armenian Weekly photo"
BYLINE = "Anahit Hayrapetyan"
COPYRIGHT = "© 2026 Anahit Hayrapetyan"
BODY_SERIAL_NUMBER = "093021004512"
LENS_SERIAL_NUMBER = "0000c0ffee"
TAKEN = "2026:09:20 10:42:17"
TAKEN_OFFSET = "+04:00"


@dataclass
class Camera:
    """What the sample camera writes; switch parts off to make cleaner files."""

    make: str = "Canon"
    model: str = "Canon EOS R5"
    orientation: int | None = 1
    gps: bool = True
    serials: bool = True
    maker_note: bool = True
    thumbnail: bool = False
    iptc: bool = True
    xmp: bool = True
    xmp_gps: bool = True
    extra_exif: dict[int, object] = field(default_factory=dict)


def scene(width: int, height: int, *, detail: int = 40, seed_shift: int = 0) -> Image.Image:
    """A deterministic picture with gradients, shapes and grain, so JPEG sizes look like a camera's."""
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), detail) if detail else Image.new("L", (width, height), 128)
    red = Image.blend(gradient, noise, 0.35)
    green = gradient.rotate(90 + seed_shift, expand=False).resize((width, height))
    blue = Image.blend(gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), noise, 0.2)
    img = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(img)
    for i in range(12):
        x, y = (i * 7919 + seed_shift) % width, (i * 104729) % height
        r = max(4, min(width, height) // (6 + i))
        draw.ellipse((x - r, y - r, x + r, y + r), fill=((i * 40) % 256, (i * 90) % 256, (i * 150) % 256))
    return img


def exif_bytes(camera: Camera, width: int, height: int) -> bytes:
    """The EXIF payload ("Exif\\0\\0" + TIFF) the sample camera writes."""
    exif = Image.Exif()
    exif.endian = "<"  # Intel order, as most cameras write (the maker note below is little-endian too)
    exif[0x010F] = camera.make
    exif[0x0110] = camera.model
    exif[0x0131] = "Firmware 1.8.1"
    if camera.orientation is not None:
        exif[0x0112] = camera.orientation
    exif[0x013B] = "EXIF Artist Name"
    for tag, value in camera.extra_exif.items():
        exif[tag] = value
    sub = exif.get_ifd(EXIF_IFD)
    sub[0x9003] = TAKEN
    sub[0x9011] = TAKEN_OFFSET
    sub[0x829A] = (1, 250)
    sub[0xA002] = width
    sub[0xA003] = height
    if camera.serials:
        sub[BODY_SERIAL] = BODY_SERIAL_NUMBER
        sub[LENS_SERIAL] = LENS_SERIAL_NUMBER
    if camera.maker_note:
        sub[MAKER_NOTE] = canon_maker_note(serial=camera.serials)
    if camera.gps:
        gps = exif.get_ifd(GPS_IFD)
        gps.update({0: b"\x02\x03\x00\x00", 1: "N", 2: (40.0, 47.0, 22.5), 3: "E", 4: (43.0, 50.0, 41.2),
                    5: b"\x00", 6: 1550.0})
    payload = exif.tobytes()
    if camera.thumbnail:
        payload = b"Exif\x00\x00" + with_thumbnail(payload[6:], tiny_jpeg())
    return payload


def canon_maker_note(*, serial: bool) -> bytes:
    """A Canon-style maker note: a bare little-endian IFD with inline values (SerialNumber is tag 0x000C)."""
    entries = [struct.pack("<HHI4s", 0x0001, 3, 1, struct.pack("<HH", 7, 0))]
    if serial:
        entries.append(struct.pack("<HHII", 0x000C, 4, 1, 3456789012))
    return struct.pack("<H", len(entries)) + b"".join(entries) + b"\x00\x00\x00\x00"


def nikon_maker_note() -> bytes:
    """A Nikon type-3 maker note: "Nikon\\0" header, its own TIFF header, SerialNumber (0x001D) as ASCII."""
    serial = b"6012345\x00"
    ifd = struct.pack(">H", 1) + struct.pack(">HHII", 0x001D, 2, len(serial), 8 + 2 + 12 + 4) + b"\x00" * 4
    return b"Nikon\x00\x02\x10\x00\x00" + b"MM\x00*" + struct.pack(">I", 8) + ifd + serial


def with_thumbnail(tiff: bytes, thumb: bytes) -> bytes:
    """Link an IFD1 (JPEG thumbnail) after IFD0 of a little-endian TIFF block, as cameras do."""
    assert tiff[:2] == b"II", "the sample writer makes little-endian EXIF"
    (ifd0,) = struct.unpack("<I", tiff[4:8])
    (count,) = struct.unpack("<H", tiff[ifd0:ifd0 + 2])
    next_pos = ifd0 + 2 + 12 * count
    ifd1 = len(tiff) + len(tiff) % 2
    body = bytearray(tiff + b"\x00" * (len(tiff) % 2))
    struct.pack_into("<I", body, next_pos, ifd1)
    data_offset = ifd1 + 2 + 2 * 12 + 4
    body += struct.pack("<H", 2) + struct.pack("<HHII", 0x0201, 4, 1, data_offset)
    body += struct.pack("<HHII", 0x0202, 4, 1, len(thumb)) + b"\x00" * 4 + thumb
    return bytes(body)


def tiny_jpeg(size: tuple[int, int] = (160, 120)) -> bytes:
    out = io.BytesIO()
    scene(*size, detail=0).save(out, "JPEG", quality=70)
    return out.getvalue()


def iptc_app13(records: dict[tuple[int, int], str] | None = None, *, utf8: bool = True) -> bytes:
    """An APP13 "Photoshop 3.0" payload holding IPTC IIM records (resource 0x0404), written by hand."""
    if records is None:
        records = {(2, 120): CAPTION, (2, 110): CREDIT, (2, 80): BYLINE, (2, 116): COPYRIGHT,
                   (2, 55): "20260920", (2, 60): "104217+0400"}
    iim = b""
    if utf8:
        iim += b"\x1c\x01\x5a" + struct.pack(">H", 3) + b"\x1b%G"
    for (record, number), value in records.items():
        raw = value.encode("utf-8" if utf8 else "cp1252")
        iim += bytes((0x1C, record, number)) + struct.pack(">H", len(raw)) + raw
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    resource += b"\x00" * (len(iim) % 2)
    return b"Photoshop 3.0\x00" + resource


def xmp_packet(*, gps: bool = True, serials: bool = True, caption: str = CAPTION) -> bytes:
    """An XMP packet as Lightroom writes one: caption, creator, credit, date; GPS and serials optional."""
    gps_attrs = ('\n   exif:GPSLatitude="40,47.375N" exif:GPSLongitude="43,50.6867E"'
                 '\n   exif:GPSAltitude="1550/1"') if gps else ""
    serial_attrs = ('\n   aux:SerialNumber="093021004512" aux:LensSerialNumber="0000c0ffee"'
                    '\n   exifEX:BodySerialNumber="093021004512"') if serials else ""
    return f'''<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
   xmlns:dc="http://purl.org/dc/elements/1.1/"
   xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
   xmlns:exif="http://ns.adobe.com/exif/1.0/"
   xmlns:exifEX="http://cipa.jp/exif/1.0/"
   xmlns:aux="http://ns.adobe.com/exif/1.0/aux/"
   photoshop:Credit="XMP Credit"
   photoshop:DateCreated="2026-09-20T10:42:17+04:00"{gps_attrs}{serial_attrs}>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{caption}</rdf:li></rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>XMP Creator</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
{" " * 512}
<?xpacket end="w"?>'''.encode()


def camera_jpeg(width: int = 1200, height: int = 800, camera: Camera | None = None, *, quality: int = 90,
                detail: int = 40, icc_profile: bytes | None = None, image: Image.Image | None = None) -> bytes:
    """A JPEG as a newsroom receives one from a photographer's camera and captioning tool."""
    camera = camera or Camera()
    img = image if image is not None else scene(width, height, detail=detail)
    params: dict[str, object] = {"quality": quality, "exif": exif_bytes(camera, img.width, img.height)}
    if camera.iptc:
        app13 = iptc_app13()
        params["extra"] = b"\xff\xed" + struct.pack(">H", len(app13) + 2) + app13
    if camera.xmp:
        params["xmp"] = xmp_packet(gps=camera.xmp_gps, serials=camera.serials)
    if icc_profile:
        params["icc_profile"] = icc_profile
    out = io.BytesIO()
    img.save(out, "JPEG", **params)
    return out.getvalue()
