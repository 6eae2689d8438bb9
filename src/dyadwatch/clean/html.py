"""HTML to article text and metadata, with trafilatura (and htmldate through it)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import trafilatura

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
    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        fast=True,
        date_extraction_params=_DATE_PARAMS,
    )
    if doc is None:
        return HtmlExtract(text=fragment_text(html), language=_html_lang(html))
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    return HtmlExtract(
        text=get("text") or fragment_text(html),
        title=(get("title") or None),
        url=get("url") or None,
        published=_parse_iso(get("date")),
        sitename=get("sitename") or None,
        language=get("language") or _html_lang(html),
    )


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
