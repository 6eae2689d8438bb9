"""Bytes to text without crashing: BOM, declared charset, UTF-8, detection, then replacement."""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""", re.IGNORECASE)


def declared_charset(data: bytes, declared_kind: str | None = None) -> str | None:
    """The charset an HTML <meta> or an XML declaration names, if it is one Python knows."""
    head = data[:4096]
    match = _XML_ENCODING.search(head) or (_META_CHARSET.search(head) if declared_kind != "text" else None)
    if not match:
        return None
    name = match.group(1).decode("ascii", "ignore").lower()
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB (and no UTF-16/32 BOM)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.10


def decode_bytes(
    data: bytes, *, charset: str | None = None, declared_kind: str | None = None
) -> tuple[str, str]:
    """(text, how) where `how` names the step that worked, e.g. 'declared:iso8859-1'."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), f"bom:{name}"
    for candidate, how in ((charset, "header"), (declared_charset(data, declared_kind), "declared")):
        if candidate:
            try:
                return data.decode(candidate), f"{how}:{candidate}"
            except (UnicodeDecodeError, LookupError):
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return data.decode(best.encoding, errors="replace"), f"detected:{best.encoding}"
        except LookupError:
            pass
    return data.decode("utf-8", errors="replace"), "utf-8-replace"
