"""One input's failure as one line.

Readers, decoders and cleaners call parsers (warcio, zlib, feedparser, lxml, trafilatura, htmldate,
json, charset_normalizer) that raise whatever they raise on damaged input: AttributeError, KeyError,
UnicodeDecodeError and ValueError as well as their own exception types. At the boundary of one input
(a file, a record, a document), whatever was raised becomes that input's InputError, worded here: the
exception's type and the first words of its message, on one line of printable characters.
"""
from __future__ import annotations

import re

from dyadwatch.errors import InputError

__all__ = ["describe", "input_failure", "one_line", "one_line_error"]

# Long enough for a parser's message to say what it met, short enough for one terminal line.
MESSAGE_CHARS = 160
# Line breaks and spaces (not str.split()'s white space, which takes control bytes such as \x1f too).
_BREAKS = re.compile(r"[ \t\r\n\f\v\x85\u2028\u2029]+")


def one_line(text: str, limit: int = MESSAGE_CHARS) -> str:
    """`text` with runs of whitespace (newlines too) made one space, characters that are not printable
    (control bytes a parser quotes from a broken file) escaped, and cut to `limit` characters."""
    flat = _BREAKS.sub(" ", text).strip()
    if not flat.isprintable():
        flat = "".join(c if c.isprintable() else ascii(c)[1:-1] for c in flat)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def describe(exc: BaseException) -> str:
    """'TypeName: message' on one line; the type name alone when the message is empty."""
    message = one_line(str(exc))
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


def input_failure(path: str, exc: BaseException, doing: str = "read") -> InputError:
    """The InputError for an input whose reading (or cleaning, ...) raised `exc`."""
    return InputError(path, f"cannot {doing}: {describe(exc)}")


def one_line_error(error: InputError) -> InputError:
    """`error` itself when its message is one printable line; else the same error with its reason
    made one (a parser's message quoted in a reason may hold newlines or control bytes)."""
    if str(error).isprintable():
        return error
    return InputError(error.path, one_line(error.reason, limit=max(MESSAGE_CHARS, len(error.reason))))
