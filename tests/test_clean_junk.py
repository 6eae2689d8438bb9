"""The paragraph junk filter and clean_document: founding article, each rule in general, keep-junk."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyadwatch.clean import clean_document, guess_title
from dyadwatch.clean.junk import filter_paragraphs, is_title_like
from dyadwatch.records import RawDocument, sha256_hex
from dyadwatch.settings import Settings

SAMPLES = Path(__file__).parents[1] / "src" / "dyadwatch" / "data" / "samples"
FOUNDING = SAMPLES / "ishiba-japan-us-alliance.txt"

P1 = "The minister said on Tuesday that the talks with the neighbouring state would resume next week."
P2 = "Officials from both governments met in the capital to discuss the border and trade questions."
P3 = "Observers expect a joint statement once the delegations have agreed on the final wording."


def clean_text(body: str, **kw) -> object:
    return clean_document(RawDocument(path="t.txt", body=body, format="text", **kw), Settings())


def test_founding_article_loses_exactly_the_four_junk_lines():
    raw_lines = [l for l in FOUNDING.read_text(encoding="utf-8").splitlines() if l.strip()]
    article = clean_document(RawDocument(path=str(FOUNDING), body=FOUNDING.read_text(encoding="utf-8"), format="text"), Settings())
    removed = {r.text: r.reason for r in article.removed}
    assert removed == {
        "Ishiba Pushes for Stronger Japan-U.S. Alliance. (Photo Internet reproduction)": "photo-caption",
        "Ishiba Pushes for Stronger Japan-U.S. Alliance": "repeated-headline",
        "Japan’s Economic Tightrope: Ishiba’s $140 Billion Gamble": "foreign-headline",
        "GIPHY App Key not set. Please check settings": "widget",
    }
    kept = article.text.split("\n")
    assert kept == [l for l in raw_lines if l not in removed]
    assert len(kept) == 8
    assert all(r.detail and r.detail.endswith(".") for r in article.removed)
    assert [r.position for r in article.removed] == [3, 4, 7, 11]
    # The first line is a paragraph, not a headline; no URL, so identity is the clean text's hash.
    assert article.title is None
    assert article.doc_id == article.content_hash == sha256_hex(article.text)
    assert article.published is None and article.language == "en"


def test_keep_junk_turns_the_filter_off():
    body = FOUNDING.read_text(encoding="utf-8")
    article = clean_document(RawDocument(path="f", body=body, format="text"), Settings(keep_junk=True))
    assert article.removed == []
    assert len(article.text.split("\n")) == 12


@pytest.mark.parametrize(
    "caption",
    [
        "Protesters gather outside parliament. (Photo: Reuters)",
        "The two leaders shake hands in Tokyo (AP Photo/Eugene Hoshiko)",
        "Photo: Reuters",
        "Image credit: Getty Images",
        "Soldiers patrol the border area [Photo by John Smith]",
        "President speaks at the summit | Reuters",
        "Japan's Prime Minister Shigeru Ishiba speaks in Tokyo, Japan. REUTERS/Kim Kyung-Hoon",
    ],
)
def test_photo_captions_are_removed(caption):
    kept, removed = filter_paragraphs([P1, caption, P2])
    assert kept == [P1, P2]
    assert removed[0].reason == "photo-caption" and removed[0].position == 1


def test_a_prose_paragraph_ending_with_a_wire_credit_stays():
    para = (
        "The ministry said the new budget would fund two destroyers and a radar station on the southern islands. "
        "Officials declined to say when the vessels would enter service or how many crew they would need. - Reuters"
    )
    kept, removed = filter_paragraphs([P1, para, P2])
    assert removed == [] and kept == [P1, para, P2]


def test_caption_text_repeated_as_a_line_is_a_repeated_headline():
    kept, removed = filter_paragraphs([P1, "Leaders Agree to Talks. (Photo Internet reproduction)", "Leaders agree to talks", P2])
    assert [r.reason for r in removed] == ["photo-caption", "repeated-headline"]
    assert kept == [P1, P2]


def test_title_repeated_as_a_line_is_removed_even_without_a_caption():
    kept, removed = filter_paragraphs([P1, "Minister Promises New Border Talks", P2], title="Minister promises new border talks")
    assert [(r.reason, r.position) for r in removed] == [("repeated-headline", 1)]


@pytest.mark.parametrize(
    "line",
    [
        "GIPHY App Key not set. Please check settings",
        "Sign up for our daily newsletter",
        "We use cookies to improve your experience.",
        "Share this article",
        "Read more: Election results in full",
        "Advertisement",
        "Story continues below advertisement",
        "Leave a comment",
        "You may also like",
        "Tags: Japan, United States, alliance",
        "Download the Example News app",
        "Listen to this article",
        "DON'T MISS",
        "Minister resigns after a week of protests [VIDEO]",
        "Follow The Example Times Opinion section on Facebook, Twitter and Instagram.",
        "Email the author at reporter@example.com or follow her on Twitter.",
        "(Reporting by Jane Doe; Editing by John Roe)",
        "Updated at 1:23 p.m.",
        "Thanks for signing up!",
        "© 2024 Example News. All rights reserved.",
    ],
)
def test_widget_and_site_chrome_lines_are_removed(line):
    kept, removed = filter_paragraphs([P1, line, P2])
    assert kept == [P1, P2] and removed[0].reason == "widget"


@pytest.mark.parametrize(
    "line",
    [
        "Reading time: 3 min",
        "Tempo de leitura: 2 minutos",
        "Lesezeit: 4 Minuten",
        "Temps de lecture : 5 min.",
        "7 min read",
    ],
)
def test_a_reading_time_line_in_any_language_is_removed(line):
    kept, removed = filter_paragraphs([P1, line, P2])
    assert kept == [P1, P2] and removed[0].reason == "widget", removed


@pytest.mark.parametrize(
    "line",
    [
        "Ministers clash over the budget [PICTURES]|",
        "Flood warnings issued across the north [LATEST]",
        "Why the summit failed [EXPLAINED] »",
    ],
)
def test_a_headline_link_ending_with_a_section_tag_is_removed(line):
    kept, removed = filter_paragraphs([P1, line, P2])
    assert kept == [P1, P2] and "section tag" in removed[0].detail, removed


@pytest.mark.parametrize(
    "line",
    [
        "The talks lasted 90 minutes, officials said.",  # a duration in a sentence, not a label
        "He called the offer a joke [sic] and left.",  # a bracket inside prose, not at its end
        "The agency's report was published on Monday [PDF].",  # ends with a sentence stop
    ],
)
def test_durations_and_brackets_in_prose_stay(line):
    kept, removed = filter_paragraphs([P1, line, P2])
    assert removed == [] and kept == [P1, line, P2]


def test_prose_that_mentions_chrome_words_stays():
    prose = [
        "The regulator said the company uses cookies to track users across sites without their consent, "
        "and it ordered changes to the way the newsletter sign-up form collects addresses in the member states.",
        "Read more about the treaty in the annex, the foreign ministry said in a statement on Friday night after the talks.",
    ]
    kept, removed = filter_paragraphs([P1, *prose, P2])
    assert removed == [] and kept == [P1, *prose, P2]


def test_foreign_headline_between_prose_paragraphs_is_removed():
    kept, removed = filter_paragraphs([P1, "Germany’s Budget Crisis: Scholz Faces $60 Billion Hole", P2, P3])
    assert [r.reason for r in removed] == ["foreign-headline"]
    assert kept == [P1, P2, P3]


def test_section_headings_and_short_lines_stay():
    # A short heading, a sentence-case line and a line at the end are not other stories' headlines.
    paragraphs = [P1, "The Talks", P2, "What happens next is unclear to the officials involved", P3, "Trade Ministers Meet Again In Geneva Next Month"]
    kept, removed = filter_paragraphs(paragraphs)
    assert removed == [] and kept == paragraphs


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Japan’s Economic Tightrope: Ishiba’s $140 Billion Gamble", True),
        ("Ishiba Pushes for Stronger Japan-U.S. Alliance", True),
        ("The minister said the talks would resume.", False),
        ("only lower case words here and there", False),
        ("Two", False),
    ],
)
def test_title_shape(text, expected):
    assert is_title_like(text) is expected


def test_plain_text_headline_becomes_the_title_and_is_not_repeated_in_the_text():
    article = clean_text(f"Leaders Agree to Resume Border Talks\n{P1}\n{P2}\n")
    assert article.title == "Leaders Agree to Resume Border Talks"
    assert article.text == f"{P1}\n{P2}"
    assert article.removed[0].reason == "repeated-headline"


def test_a_first_paragraph_is_not_taken_for_a_title():
    assert guess_title([P1, P2]) is None
    assert guess_title(["Only one line"]) is None


def test_identity_uses_the_url_when_there_is_one_and_published_from_settings():
    raw = RawDocument(path="a.txt", body=f"{P1}\n{P2}", format="text", url="https://example.org/a")
    article = clean_document(raw, Settings(published=date(2024, 11, 20)))
    assert article.doc_id == sha256_hex("https://example.org/a")
    assert article.content_hash == sha256_hex(article.text)
    assert (article.published, article.published_basis, article.source) == (date(2024, 11, 20), "cli", "example.org")


HTML = """<!doctype html><html lang="en"><head><title>Minister Visits Seoul | Example News</title>
<meta property="og:title" content="Minister Visits Seoul">
<meta property="article:published_time" content="2024-11-19T08:00:00Z">
<link rel="canonical" href="https://news.example.com/world/minister-visits-seoul"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Minister Visits Seoul</h1>
<p>{p1}</p><figure><figcaption>The minister arrives in Seoul. (Photo: Reuters)</figcaption></figure>
<p>{p2}</p><p>Sign up for our newsletter</p><p>{p3}</p></article>
<footer>© 2024 Example News. All rights reserved.</footer></body></html>"""


def test_html_page_metadata_and_junk():
    body = HTML.format(p1=P1, p2=P2, p3=P3)
    article = clean_document(RawDocument(path="p.html", body=body, format="html"), Settings(published=date(2000, 1, 1)))
    assert P1 in article.text and P2 in article.text and P3 in article.text
    assert "newsletter" not in article.text and "Reuters" not in article.text
    assert article.title == "Minister Visits Seoul"
    assert article.url == "https://news.example.com/world/minister-visits-seoul"
    assert article.doc_id == sha256_hex(article.url)
    # The page's own date wins over --published (which is only for inputs without one).
    assert (article.published, article.published_basis) == (date(2024, 11, 19), "html-meta")
    assert article.source == "news.example.com" and article.language == "en"


def test_a_page_without_article_text_is_an_input_error():
    from dyadwatch.errors import InputError

    with pytest.raises(InputError, match="no article text found"):
        clean_document(RawDocument(path="nav.html", body="<html><head><title>x</title></head><body><div><img src='a.png'></div></body></html>", format="html"), Settings())
    with pytest.raises(InputError, match="all 2 line.s. are junk") as info:
        clean_text("Advertisement\nGIPHY App Key not set. Please check settings")
    assert info.value.path == "t.txt"


def test_identity_ignores_fragments_and_reader_tracking_but_keeps_real_parameters():
    from dyadwatch.clean import clean_document, identity_url
    from dyadwatch.records import RawDocument
    from dyadwatch.settings import Settings

    plain = "https://www.example.com/news/story.html"
    assert identity_url(plain) == plain  # unchanged: the same identity as before the rule
    assert identity_url(plain + "?utm_source=rss&utm_medium=feed#comments") == plain
    assert identity_url("HTTPS://WWW.EXAMPLE.COM/news/story.html?fbclid=x") == plain
    assert identity_url("https://example.com/article?id=42&utm_campaign=y") == "https://example.com/article?id=42"
    text = "Japan and the United States agreed to hold talks in Tokyo next month on trade."
    docs = [clean_document(RawDocument(path="p", body=text, format="text", url=u), Settings())
            for u in (plain, plain + "?smid=tw-share")]
    assert docs[0].doc_id == docs[1].doc_id and docs[1].url == plain + "?smid=tw-share"  # the URL is kept as given


def test_a_long_unbroken_token_is_not_judged_as_chrome():
    """A pasted blob without spaces (a base64 image, a minified script) is not a chrome line: the
    chrome patterns would backtrack over every position of it (10,000 characters took seconds, 3 MB
    never finished). A blob that holds an address would match the contact-line pattern if it were
    tried, so it stays only when the length bound skips the patterns."""
    blob = "x" * 500 + "@example.com"
    kept, removed = filter_paragraphs(["A first paragraph of prose that says something.", blob,
                                       "A last paragraph of prose, after the blob."])
    assert blob in kept and not removed
