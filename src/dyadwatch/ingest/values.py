"""Field values every reader takes from its records: dates, URLs' sites, strings. None for odd values:
a field that cannot be read costs the document that field, not the document."""
from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit


def parse_date(value) -> date | None:
    """ISO dates and datetimes, RFC 2822 dates; anything else is no date."""
    if isinstance(value, date):
        return value if not isinstance(value, datetime) else value.date()
    if not isinstance(value, str) or not value.strip():
        return None
    value = value.strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def site_of(url: str | None) -> str | None:
    """The host of a URL without 'www.'; None when there is none or the URL cannot be split (an
    unclosed IPv6 bracket makes urlsplit raise ValueError)."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return None
    return host.removeprefix("www.") or None


def text_field(value) -> str | None:
    """A string field stripped, lone surrogates replaced; None when it is blank or not a string."""
    return without_surrogates(value).strip() or None if isinstance(value, str) else None


# JSON may spell a lone UTF-16 surrogate ("\\ud800"); such a string cannot be encoded as UTF-8, so no
# hash or database could take it. Decoded bytes never hold one; JSON strings must be cleared of them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD (a pair was joined by the JSON decoder)."""
    return _SURROGATES.sub("\ufffd", text) if _SURROGATES.search(text) else text


def feed_date(stamp) -> date | None:
    """The date of a feedparser time tuple; None when it holds no real date (year 0, month 13)."""
    try:
        return date(*stamp[:3]) if stamp else None
    except (TypeError, ValueError):
        return None
