"""clean stage: RawDocument -> Article.

HTML goes through trafilatura (clean/html.py); every format then goes through our own paragraph junk
filter (clean/junk.py). Metadata a reader did not supply is filled from the page; `--published` is the
last resort for the date.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from dyadwatch.clean.html import extract_html
from dyadwatch.clean.junk import filter_paragraphs, is_title_like, normalise, words
from dyadwatch.errors import InputError
from dyadwatch.ingest.failure import input_failure
from dyadwatch.ingest.values import site_of
from dyadwatch.records import Article, RawDocument, sha256_hex

__all__ = ["clean_document", "split_paragraphs", "guess_title", "is_headline", "guess_language", "site_of", "identity_url"]

# Query parameters that track the reader, not the page: the same article shared from a newsletter,
# a feed or a social network must be one document.
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|smid|cmpid|ocid|ncid|"
                       r"sr_share|_ga|ref_src|ref_url|at_medium|at_campaign|wt\.mc_id)$", re.I)

_ENGLISH = frozenset(
    "the of and to in a is that for on with as by was it at from his her he she be are has have said "
    "this which will not but its their they an were been".split()
)


def identity_url(url: str) -> str:
    """The URL a document is known by: without the #fragment and reader-tracking parameters
    (utm_*, fbclid, ...), with the scheme and host in lower case. A URL that has none of these is
    returned unchanged, so its identity is the same as before this rule existed."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url
    if not parts.scheme or not parts.netloc:
        return url
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(k, v) for k, v in pairs if not _TRACKING.match(k)]
    kept = parts.query if len(query) == len(pairs) else urlencode(query)  # untouched unless tracking went
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path, kept, ""))


def clean_document(raw: RawDocument, settings) -> Article:
    """Extract (HTML), filter junk, fill metadata and identity.

    Raises InputError (naming the input) when no article text is left, and when anything under it
    fails on this document: lxml, trafilatura, jusText and htmldate raise ValueError, TypeError,
    AttributeError, KeyError, RecursionError, ... on damaged pages, and a batch must not stop there.
    Nothing else is raised.
    """
    try:
        return _clean(raw, settings)
    except InputError:
        raise
    except Exception as exc:  # noqa: BLE001 -- one document's failure, whatever raised it, is its error
        raise input_failure(raw.path, exc, "clean") from exc


def _clean(raw: RawDocument, settings) -> Article:
    url, title, published, basis = raw.url, raw.title, raw.published, raw.published_basis
    source, language = raw.source, raw.language
    if raw.format == "html":
        page = extract_html(raw.body, url=url)
        body = page.text
        url = url or page.url
        title = title or page.title
        if page.published is not None and (published is None or basis == "warc"):
            published, basis = page.published, "html-meta"
        source = source or site_of(url) or page.sitename
        language = language or page.language
    else:
        body = raw.body
    paragraphs = split_paragraphs(body)
    if raw.format == "text" and title is None:
        title = guess_title(paragraphs)
    if getattr(settings, "keep_junk", False):
        kept, removed = paragraphs, []
    else:
        kept, removed = filter_paragraphs(paragraphs, title=title)
    if published is None and getattr(settings, "published", None) is not None:
        published, basis = settings.published, "cli"
    text = "\n".join(kept)
    if not text:
        what = f"all {len(removed)} line(s) are junk" if removed else "no article text found"
        raise InputError(raw.path, f"{what} ({raw.format}); nothing to code")
    content_hash = sha256_hex(text)
    return Article(
        doc_id=sha256_hex(identity_url(url)) if url else content_hash,
        path=raw.path,
        text=text,
        content_hash=content_hash,
        url=url,
        title=title,
        published=published,
        published_basis=basis if published else None,
        source=source or site_of(url),
        language=language or guess_language(text),
        removed=removed,
    )


_INLINE_SPACE = re.compile(r"[ \t\u00a0\u200b]+")


def split_paragraphs(body: str) -> list[str]:
    """Non-blank lines, inner whitespace collapsed (no other change to the words)."""
    body = body.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    out = []
    for line in body.split("\n"):
        line = _INLINE_SPACE.sub(" ", line).strip()
        if line:
            out.append(line)
    return out


def guess_title(paragraphs: list[str]) -> str | None:
    """The first line is the headline when it is shaped like one and prose follows it."""
    if len(paragraphs) < 2:
        return None
    first = paragraphs[0]
    if len(words(first)) > 20 or first.rstrip().endswith((".", "!", ";", ",")):
        return None
    return first if is_title_like(first) or len(words(first)) <= 12 and first[:1].isupper() else None


def is_headline(sentence: str, title: str | None) -> bool:
    """A sentence of the clean text is the headline when it is the title or a part of it (the title
    kept as the text's first line, a title of two sentences); case, quotes and end punctuation aside."""
    key = normalise(sentence)
    return bool(key and title) and key in normalise(title)


def guess_language(text: str) -> str | None:
    """'en' when common English function words are frequent; else unknown (None)."""
    tokens = re.findall(r"[a-z]+", text[:5000].lower())
    if len(tokens) < 20:
        return None
    share = sum(1 for t in tokens if t in _ENGLISH) / len(tokens)
    return "en" if share >= 0.15 else None
