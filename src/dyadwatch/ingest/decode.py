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
# When detection cannot tell code pages apart (same chaos and coherence: short text, few accented
# letters), the Western one is meant far more often (it is the web's default for unlabelled pages),
# unless the detector took the text for a language written in the Central European code page.
PREFERRED_ON_TIE = ("cp1252", "latin_1", "iso8859_15")
CENTRAL_EUROPEAN = {"Czech", "Slovak", "Polish", "Hungarian", "Croatian", "Slovene", "Romanian"}
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


# Control characters that do not occur in text: all below 32 except \t \n \v \f \r (9-13).
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def unmarked_utf16(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for UTF-16 text written without a BOM: in the first 8 KB, the high
    byte of nearly every character is NUL (text in a Latin script), the low byte nearly never, and
    the characters are printable or white space."""
    head = data[:8192]
    if len(head) < 16:
        return None
    head = head[: len(head) // 2 * 2]
    for name, high, low in (("utf-16-le", head[1::2], head[0::2]), ("utf-16-be", head[0::2], head[1::2])):
        if high.count(0) < 0.9 * len(high) or low.count(0) > 0.1 * len(low):
            continue
        try:
            text = head.decode(name)
        except UnicodeDecodeError:
            continue
        if sum(c.isprintable() or c.isspace() for c in text) >= 0.9 * len(text):
            return name
    return None


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KB (and no UTF-16/32 BOM, and not UTF-16
    text without one)."""
    head = data[:8192]
    if any(head.startswith(bom) for bom, _ in _BOMS[1:]) or unmarked_utf16(head):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))  # counted in C, not byte by byte
    return bool(head) and controls / len(head) > 0.10


def decode_bytes(
    data: bytes, *, charset: str | None = None, declared_kind: str | None = None
) -> tuple[str, str]:
    """(text, how) where `how` names the step that worked, e.g. 'declared:iso8859-1'."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return data.decode(name, errors="replace"), f"bom:{name}"
    if unmarked := unmarked_utf16(data):
        return data.decode(unmarked, errors="replace"), f"unmarked:{unmarked}"
    for candidate, how in ((charset, "header"), (declared_charset(data, declared_kind), "declared")):
        if candidate:
            try:
                return data.decode(candidate), f"{how}:{candidate}"
            # UnicodeError, not only UnicodeDecodeError: a page may declare a codec such as 'idna' or
            # 'punycode', whose decoder raises the base class ('label too long'); LookupError for a
            # codec that is not a text encoding ('rot13', 'hex')
            except (UnicodeError, LookupError):
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    detected = detect_charset(data[:200_000])
    if detected:
        try:
            return data.decode(detected, errors="replace"), f"detected:{detected}"
        except (UnicodeError, LookupError):
            pass
    return data.decode("utf-8", errors="replace"), "utf-8-replace"


def detect_charset(data: bytes) -> str | None:
    """charset_normalizer's best guess; among guesses it rates exactly as well, a Western code page.
    None when there is no guess, or the detector fails on these bytes: detection is a guess, and the
    next step of the cascade (UTF-8 with replacement, then the undecodable-share check) decides."""
    try:
        return _best_guess(data)
    except Exception:  # noqa: BLE001 -- a detector failure is no guess
        return None


def _best_guess(data: bytes) -> str | None:
    matches = from_bytes(data)
    best = matches.best()
    if best is None or not best.encoding:
        return None
    tied = {m.encoding for m in matches if (m.chaos, m.coherence) == (best.chaos, best.coherence)}
    preferred = ("cp1250", *PREFERRED_ON_TIE) if best.language in CENTRAL_EUROPEAN else PREFERRED_ON_TIE
    return next((name for name in preferred if name in tied), best.encoding)


# Above this share of U+FFFD after every decoding step, the bytes are not text in any encoding tried
# (a few bad bytes in a real article stay well below it and are kept, replaced).
MAX_UNDECODABLE_SHARE = 0.05


def undecodable_share(text: str) -> float:
    """The share of characters that could not be decoded (U+FFFD), spaces not counted."""
    if "\ufffd" not in text:  # the common case, settled in one scan
        return 0.0
    letters = len(text) - text.count(" ") - text.count("\n")
    return text.count("\ufffd") / letters if letters > 0 else 0.0
