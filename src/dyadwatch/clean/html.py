"""HTML to article text and metadata, with trafilatura (and htmldate through it)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura
from htmldate import find_date
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document
from trafilatura.utils import load_html

# Dates: original publication date, not last modification; no guessing from free text.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


@dataclass(slots=True)
class HtmlExtract:
    text: str  # paragraphs separated by "\n"
    title: str | None = None
    url: str | None = None
    published: date | None = None
    sitename: str | None = None
    language: str | None = None


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Main text and metadata of a page; empty text when trafilatura finds no article."""
    # The page is parsed once: trafilatura extracts the text from a copy of the tree (bare_extraction
    # copies a tree it is given), and the metadata is read from the untouched original afterwards.
    tree = load_html(html)
    doc = meta = None
    if tree is not None:
        doc = trafilatura.bare_extraction(
            tree, url=url, include_comments=False, include_tables=False, fast=True
        )
    if doc is not None:
        try:
            meta = page_metadata(tree, url)
        except (TypeError, ValueError):  # where bare_extraction(with_metadata=True) gives up on a page
            meta = None
    if meta is None:
        return HtmlExtract(text=fragment_text(html), language=_html_lang(html))
    return HtmlExtract(
        text=doc.text or fragment_text(html),
        title=meta.title or None,
        url=meta.url or None,
        published=_parse_iso(meta.date),
        sitename=meta.sitename or None,
        # trafilatura sets a language only when asked to filter by one, so it comes from <html lang>
        language=meta.language or _html_lang(html),
    )


def page_metadata(tree, default_url: str | None = None) -> Document:
    """The title, URL, date and site name that trafilatura's `extract_metadata` finds, by the same
    trafilatura and htmldate functions in the same order, without the fields we do not use.

    extract_metadata also looks for the author (a deep copy and pruning of the whole tree), the
    categories, tags and licence: most of its cost, spent on fields nothing here reads. None of the
    steps skipped feeds the four fields kept, and none of the steps run changes the tree.
    tests/test_clean_html.py checks the result against extract_metadata itself.
    """
    metadata = examine_meta(tree)
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception:  # noqa: BLE001 -- as extract_metadata: bugs in trafilatura's JSON-LD reader
        pass
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, default_url)
    metadata.date = find_date(tree, **_DATE_PARAMS, url=metadata.url)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:  # extract_metadata's clean-up: no Twitter '@', capitalised
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    metadata.clean_and_trim()
    return metadata


_FULL_PAGE = re.compile(r"<(html|body)\b", re.IGNORECASE)
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "li", "blockquote", "pre", "td")
_DROP = "//script|//style|//noscript|//nav|//header|//footer|//aside|//form|//iframe"


def fragment_text(html: str) -> str:
    """The text of a small HTML fragment (a feed item's description), which trafilatura judges too
    short to be an article: block elements become lines, scripts and navigation are dropped."""
    from lxml import etree
    from lxml import html as lxml_html

    if not html.strip() or _FULL_PAGE.search(html[:3000]):
        return ""  # a whole page where trafilatura found no article: menus are not an article
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for node in root.xpath(_DROP):
        node.drop_tree()
    blocks = [b for b in root.iter(*_BLOCKS) if not any(a.tag in _BLOCKS for a in b.iterancestors())]
    parts = [b.text_content() for b in blocks] if blocks else [root.text_content()]
    return "\n".join(" ".join(p.split()) for p in parts if p.strip())


def extract_text_only(html: str, url: str | None = None) -> str:
    """trafilatura alone with its defaults (the benchmark's comparison)."""
    return trafilatura.extract(html, url=url) or ""


def _parse_iso(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_LANG = re.compile(r"<html[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def _html_lang(html: str) -> str | None:
    match = _LANG.search(html[:5000])
    return match.group(1).lower() if match else None
