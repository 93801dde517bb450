"""XMP packets: the newsroom fields they carry, and the GPS and serial-number properties to remove.

Parsed with defusedxml (no entity expansion, no DTDs, no external references): a packet arrives with a
photo from anyone. A packet that will not parse raises XmpError; callers decide what that means.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

logger = logging.getLogger(__name__)

JPEG_PREFIX = b"http://ns.adobe.com/xap/1.0/\x00"
JPEG_EXTENDED_PREFIX = b"http://ns.adobe.com/xmp/extension/\x00"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NAMESPACES = {
    "x": "adobe:ns:meta/",
    "rdf": RDF,
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "xmpNote": "http://ns.adobe.com/xmp/note/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "exifEX": "http://cipa.jp/exif/1.0/",
    "aux": "http://ns.adobe.com/exif/1.0/aux/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "crs": "http://ns.adobe.com/camera-raw-settings/1.0/",
    "drone-dji": "http://www.dji.com/drone-dji/1.0/",
}
PREFIX_OF = {uri: prefix for prefix, uri in NAMESPACES.items()}
STRUCTURAL = {NAMESPACES["x"], RDF}
# exif:GPSLatitude, drone-dji:GpsLongitude, aux:SerialNumber, exifEX:BodySerialNumber, aux:LensSerialNumber ...
SENSITIVE_NAME = re.compile(r"^gps|latitude|longitude|serialnumber", re.IGNORECASE)

PACKET_HEAD = '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
PACKET_TAIL = '\n<?xpacket end="w"?>'


class XmpError(ValueError):
    """The packet is not well-formed (or forbidden) XML."""


def parse_xmp(packet: bytes) -> Element:
    """The root element of an XMP packet (xpacket wrapper and padding allowed)."""
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as SafeTree

    text = packet.rstrip(b"\x00 \t\r\n")
    if not text:
        raise XmpError("the XMP packet is empty")
    try:
        return SafeTree.fromstring(text)
    except (ParseError, ValueError) as exc:  # defusedxml's refusals are ValueErrors
        raise XmpError(f"the XMP packet is not readable XML ({exc})") from exc


def qualified(tag: str) -> str:
    """`{uri}Local` as `prefix:Local` (the URI itself when the prefix is not known)."""
    uri, _, local = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    return f"{PREFIX_OF.get(uri, uri)}:{local}" if uri else local


def values(root: Element, prefix: str, local: str) -> list[str]:
    """Every value of the property `prefix:local` on the packet's descriptions (x-default first)."""
    tag = f"{{{NAMESPACES[prefix]}}}{local}"
    found: list[str] = []
    for description in root.iter(f"{{{RDF}}}Description"):
        attr = description.get(tag)
        if attr is not None and attr.strip():
            found.append(attr.strip())
        for prop in description.findall(tag):
            found += _property_values(prop)
    return found


def first_value(root: Element, prefix: str, local: str) -> str:
    found = values(root, prefix, local)
    return found[0] if found else ""


def _property_values(prop: Element) -> list[str]:
    container = next((child for child in prop if child.tag in (f"{{{RDF}}}Alt", f"{{{RDF}}}Seq", f"{{{RDF}}}Bag")),
                     None)
    if container is None:
        return [prop.text.strip()] if prop.text and prop.text.strip() else []
    items = [li for li in container if li.tag == f"{{{RDF}}}li"]
    items.sort(key=lambda li: li.get(XML_LANG, "") != "x-default")  # stable: x-default first
    return [li.text.strip() for li in items if li.text and li.text.strip()]


def find_sensitive(root: Element) -> list[str]:
    """The GPS and serial-number properties in the packet, as `prefix:Name` (attributes and elements)."""
    return _walk(root, remove=False)


def remove_sensitive(root: Element) -> list[str]:
    """Remove the GPS and serial-number properties in place; say which went."""
    return _walk(root, remove=True)


def _walk(root: Element, *, remove: bool) -> list[str]:
    found: list[str] = []
    for element in list(root.iter()):
        for key in [k for k in element.attrib if _is_sensitive(k)]:
            found.append(qualified(key))
            if remove:
                del element.attrib[key]
        for child in [c for c in element if _is_sensitive(c.tag)]:
            found.append(qualified(child.tag))
            if remove:
                element.remove(child)
    return found


def _is_sensitive(tag: str) -> bool:
    if not tag.startswith("{"):
        return False
    uri, _, local = tag[1:].partition("}")
    return uri not in STRUCTURAL and bool(SENSITIVE_NAME.search(local))


def to_packet(root: Element) -> bytes:
    """The packet as UTF-8 bytes inside an xpacket wrapper, with the usual prefixes."""
    from xml.etree import ElementTree

    for prefix, uri in NAMESPACES.items():
        ElementTree.register_namespace(prefix, uri)  # idempotent; only names prefixes in output
    body = ElementTree.tostring(root, encoding="unicode")
    return (PACKET_HEAD + body + PACKET_TAIL).encode("utf-8")
