"""clean/html.py: the metadata we read ourselves equals what trafilatura's extract_metadata finds."""
from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from trafilatura import bare_extraction
from trafilatura.metadata import extract_metadata
from trafilatura.utils import load_html

from dyadwatch.clean.html import _DATE_PARAMS, extract_html, page_metadata

SAMPLES = Path(__file__).parents[1] / "src" / "dyadwatch" / "data" / "samples"
PAGES = sorted(SAMPLES.glob("*.html.gz"))
FIELDS = ("title", "url", "date", "sitename", "language")

HEAD_ONLY = """<html lang="en"><head><title>Talks resume | Example News</title>
<meta name="twitter:site" content="@examplenews"><link rel="canonical" href="/world/talks-resume">
<meta property="og:url" content="https://www.example.com/world/talks-resume"></head>
<body><h2>Talks resume</h2><p>Published 3 March 2024</p></body></html>"""


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("url", [None, "https://news.example.org/a/1"])
def test_page_metadata_is_extract_metadata_for_the_fields_we_use(page, url):
    html = gzip.decompress(page.read_bytes()).decode("utf-8")
    ours = page_metadata(load_html(html), url)
    theirs = extract_metadata(load_html(html), url, _DATE_PARAMS, True)
    assert [getattr(ours, f) for f in FIELDS] == [getattr(theirs, f) for f in FIELDS]
    assert ours.title and ours.date


def test_page_metadata_fallbacks_match_extract_metadata():
    # no og:title or JSON-LD: title from the page, site name from twitter:site (without '@', capitalised)
    ours, theirs = page_metadata(load_html(HEAD_ONLY)), extract_metadata(load_html(HEAD_ONLY), None, _DATE_PARAMS)
    assert [getattr(ours, f) for f in FIELDS] == [getattr(theirs, f) for f in FIELDS]
    assert ours.sitename == "Examplenews"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_extract_html_is_trafilatura_with_metadata_in_one_call(page):
    # text and metadata as bare_extraction(with_metadata=True) gives them: the metadata is read from
    # the tree after extraction, which must not have changed it
    html = gzip.decompress(page.read_bytes()).decode("utf-8")
    ours = extract_html(html)
    doc = bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False, fast=True,
                          date_extraction_params=_DATE_PARAMS)
    assert (ours.text, ours.title, ours.url, ours.sitename) == (doc.text, doc.title, doc.url, doc.sitename)
    assert ours.published.isoformat() == doc.date
