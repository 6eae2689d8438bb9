"""Line reading shared by the PETRARCH/TABARI dictionary readers.

The formats share: `#` comments to end of line, `<!-- ... -->` comment blocks (possibly spanning
lines), blank lines separating blocks. `numbered_lines()` yields (line number, text without comments),
keeping blank lines because some blocks (synsets, actors) end at a blank line.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from dyadwatch.errors import DictionaryError

_HTML_OPEN = re.compile(r"<!?\s*--")


def numbered_lines(path: str | Path) -> Iterator[tuple[int, str]]:
    """(1-based line number, line with comments removed, right-stripped)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DictionaryError(str(path), 0, f"cannot read dictionary: {exc.strerror or exc}") from exc
    in_block = False
    for number, line in enumerate(text.splitlines(), start=1):
        out = ""
        rest = line
        while rest:
            if in_block:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                    break
                rest = rest[end + 3 :]
                in_block = False
                continue
            match = _HTML_OPEN.search(rest)
            if match:
                out += rest[: match.start()]
                rest = rest[match.end() :]
                in_block = True
                continue
            out += rest
            rest = ""
        hash_at = out.find("#")
        if hash_at >= 0:
            out = out[:hash_at]
        yield number, out.rstrip()


def parse_dict_date(text: str) -> date:
    """Dictionary dates: YYYYMMDD, or TABARI's YYMMDD (two-digit years pivot at 1950)."""
    digits = text.strip()
    if not digits.isdigit() or len(digits) not in (6, 8):
        raise ValueError(f"bad date {text!r} (want YYYYMMDD or YYMMDD)")
    if len(digits) == 6:
        year = int(digits[:2])
        year += 1900 if year >= 50 else 2000
        return date(year, int(digits[2:4]), int(digits[4:6]))
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def phrase_words(phrase: str) -> list[str]:
    """'GEORGE_W._BUSH_' -> ['GEORGE', 'W.', 'BUSH_']: words split on '_' and spaces; a trailing
    '_' on the phrase is kept on the last word (it marks an exact match, not a stem)."""
    phrase = phrase.strip().upper()
    exact = phrase.endswith("_")
    words = [w for w in re.split(r"[_\s]+", phrase) if w]
    if words and exact:
        words[-1] += "_"
    return words
