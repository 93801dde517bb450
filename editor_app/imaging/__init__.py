"""Photo engine for the photo desk: pure Pillow work (no Qt, no database), used by services/.

- `sniff`: what a file really is (format by content, size, frames, depth) with the pixel cap checked first.
- `metadata`: caption, credit, by-line, copyright, date taken, camera, GPS and serial findings (EXIF, IPTC, XMP).
- `scrub`: strip GPS and serial numbers before a copy leaves the newsroom (JPEG: lossless splice); `verify_clean`.
- `renditions`: thumbnail and web sizes (JPEG DCT scaling, EXIF orientation, sRGB) and focal-point crops.
- `cache`: renditions on disk keyed by sha256 and spec, written atomically, remade when missing or corrupt.

Importing any of these modules does not import Pillow or defusedxml: they are loaded on first use, so the
services can import them at start-up for free.
"""
