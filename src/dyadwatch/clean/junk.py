"""Our paragraph-level junk filter: what scrapers leave between the paragraphs of an article.

Every rule is named and data-like. A rule looks at one paragraph in its context (the title, the
paragraphs around it, what was already removed) and either lets it through or returns a one-sentence
reason. The first rule that fires removes the paragraph; it is kept as a RemovedLine with the rule id.

Rules, in the order they are tried:
- widget            site chrome and widgets ("GIPHY App Key not set", cookie/newsletter/share lines)
- photo-caption     a caption with a photo credit ("... (Photo Internet reproduction)", "Photo: Reuters")
- repeated-headline the title, or the text of a removed caption, repeated as a line
- foreign-headline  a title-case line without sentence punctuation between prose paragraphs
                    (the headline of another story dropped into this one)
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from dyadwatch.records import RemovedLine

# -- data: patterns -------------------------------------------------------------------------------

# Widget and site-chrome lines. Matched against short lines only (see MAX_CHROME_WORDS), so prose that
# merely mentions cookies or newsletters stays.
CHROME_PATTERNS: dict[str, str] = {
    "giphy widget": r"\bgiphy app key\b|\bplease check settings\b",
    "newsletter box": r"\b(sign ?up|subscribe)\b.{0,60}\b(newsletter|updates|inbox|alerts?)\b"
    r"|\bnewsletter\b.{0,40}\b(sign ?up|subscribe|delivered|inbox)\b"
    r"|^(get|receive) (our|the) .{0,40}newsletter",
    "cookie notice": r"\b(we|this (web)?site) uses? cookies\b|\baccept (all )?cookies\b|\bcookie (policy|settings)\b",
    "share buttons": r"^(share|tweet|email|print|pin)( this( article| story| page)?)?( on \w+)?[:.!]?$"
    r"|^(share|click to share) (this|on|via)\b|^(share on|follow us on) (facebook|twitter|x|whatsapp|linkedin)",
    "read-more link": r"^(read|see|watch|listen)( the)? (more|also|next|full story|full article|related)"
    r"( stories| coverage| articles)?\s*([:»>|-]|$)"
    r"|^(related|recommended|more from|also read|most read|trending)( stories| articles| posts)?\s*[:|»>-]"
    r"|^continue reading\b|^click here\b|^(previous|next) (article|post|story)\b",
    "advertisement": r"^(advertisement|advertising|sponsored( content)?|ad|story continues below( advertisement)?)"
    r"[\s:.-]*$|^(scroll|continue) (down )?to continue\b",
    "comments widget": r"^(\d+ )?comments?( \(\d+\))?$|^(leave|post|add) a (comment|reply)\b"
    r"|^you must be logged in to post a comment\b|^log ?in to (comment|reply)\b",
    "related links": r"^(you (may|might) also (like|be interested in)|recommended for you|most (popular|read|viewed)"
    r"|trending now|more on this (story|topic)|related (articles|stories|coverage|content)|don'?t miss|popular on)\b"
    r"|^(tags|topics|filed under)\s*:",
    "social follow": r"^follow\b.{0,60}\bon (facebook|twitter|instagram|youtube|linkedin|tiktok|x)\b"
    r"|\bshare (it|this)( story| article| post)? with (a friend|your friends)",
    "contact line": r"[\w.+-]+@[\w-]+\.[a-z]{2,}|^(https?://|www\.|twitter\.com/)\S+$",
    "newsletter reply": r"^thanks? (you )?for (signing up|subscribing)",
    "byline or credit": r"^\(?(additional )?reporting by\b|\bediting by [a-z]|\bcontributed (reporting|to this report)\b"
    r"|^(writing|compiled|edited) by [a-z]|^source\s*:\s*[\w ,.&'-]{0,40}$",
    "time stamp": r"^-?\s*(updated|published|posted|last updated|first published)\b\W{0,3}[\w ,.:]{0,40}\d[\w ,.:]{0,30}$"
    r"|^\d{1,2}:\d{2} ?(am|pm)\b.{0,40}$|\b\d+ min(ute)?s? read$|^reading time\b"
    # a label and a number of minutes, in any language: "Reading time: 3 min", "Lesezeit: 4 Minuten"
    r"|^[^\d:]{3,30}:\s*\d{1,3}\s*min[a-z]*\.?$",
    "app or media prompt": r"^(download|get) (our|the) [\w ]{0,30}\bapp\b|^listen to (this|the) (article|story)\b"
    r"|^(play|watch) (the )?video\b|^loading\W*$",
    "copyright line": r"^(©|\(c\)|copyright\b).{0,120}$|\ball rights reserved\.?$",
    "enable javascript": r"\b(enable|turn on) javascript\b|\byour browser does not support\b",
}
MAX_CHROME_WORDS = 30
MAX_CHROME_CHARS = 400  # 30 words of chrome are far shorter; past this a line is prose or a blob
# A headline linking to another story, ending with its section tag in capitals: "... [VIDEO]",
# "... [PICTURES]|". Tested on the line as written (the chrome patterns see it lower-cased): a tag
# in capitals, with nothing after it but spaces or a separator, is the link list's, not the prose's.
STORY_LINK_TAG = re.compile(r"\S\s+\[[A-Z][A-Z ]{2,24}\][\s|»>]*$")
# Compiled once: the filter tries every pattern on most paragraphs of every article. (One alternation
# of all of them, as a pre-check, is slower: it loses the regex engine's literal-prefix shortcuts.)
_CHROME = [(name, re.compile(pattern)) for name, pattern in CHROME_PATTERNS.items()]

# Photo credit markers: a caption is a line that ends with, or starts with, one of these.
CAPTION_TAIL = re.compile(
    r"\s*[\(\[]\s*(?:photo|photograph|image|picture|foto|file photo|video|credit|illustration|"
    r"ap photo|reuters|afp|getty|epa|xinhua)\b[^)\]]*[\)\]]\s*$",
    re.IGNORECASE,
)
CAPTION_HEAD = re.compile(
    r"^\s*(?:photo|photograph|image|picture|file photo|photo credit|image credit|credit|caption|"
    r"illustration|pictured)\s*(?:[:|/]|by\b|courtesy\b)",
    re.IGNORECASE,
)
CAPTION_AGENCY_TAIL = re.compile(
    r"(?:[\|/-]|\bphoto:?|\bcredit:?)\s*(?:reuters|afp|ap|getty images|epa|xinhua|bloomberg|anadolu)"
    r"(?:\s*/\s*[\w .'-]+)?\s*$",
    re.IGNORECASE,
)
# Wire-photo credits written without brackets: "... in Tokyo, Japan. REUTERS/Kim Kyung-Hoon".
CAPTION_WIRE_CREDIT = re.compile(r"\b(?:REUTERS|AFP|EPA|XINHUA|AP|GETTY IMAGES)\s*/\s*[A-Z][\w .'-]*$")
MAX_CAPTION_WORDS = 60

# Words that stay lower case inside a title-case headline.
TITLE_SMALL_WORDS = frozenset(
    "a an and as at but by de for from in into nor of off on onto or over per the to up via vs with "
    "is are was be its".split()
)
SENTENCE_END = tuple(".!?…\"'”’:;)")

_WORD = re.compile(r"[^\W_][\w'’.$%-]*")
_SPACES = re.compile(r"\s+")
_RUN_ON = re.compile(r"[a-z]{2}[.!?] [A-Z]")  # two sentences in one line: not a headline
_SENTENCES_THEN_CREDIT = re.compile(r"[a-z]{2}[.!?][\"”’']?\s+[A-Z]")
_MONEY_OR_PERCENT = re.compile(r"[$€£¥]\s?\d|\d+%")


@dataclass(slots=True)
class Context:
    """What a rule may look at besides the paragraph itself."""

    paragraphs: list[str]
    title: str | None
    removed: dict[int, RemovedLine] = field(default_factory=dict)
    caption_texts: set[str] = field(default_factory=set)  # normalised caption text minus its credit
    title_key: str | None = field(init=False, default=None)  # normalise(title), computed once

    def __post_init__(self) -> None:
        self.title_key = normalise(self.title) if self.title else None


Rule = Callable[[int, str, Context], str | None]


# -- helpers --------------------------------------------------------------------------------------

def normalise(text: str) -> str:
    """Casefolded, quotes unified, punctuation at the ends and repeated spaces dropped."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = _SPACES.sub(" ", text).strip().casefold()
    return text.strip(" .!?:;,-–—|\"'")


def words(text: str) -> list[str]:
    return list(_words(text))


@lru_cache(maxsize=512)
def _words(text: str) -> tuple[str, ...]:
    """words(), remembered: the rules ask for the words of the same paragraph three or four times."""
    return tuple(_WORD.findall(text))


def is_prose(text: str) -> bool:
    """A paragraph of running text: several words and it ends like a sentence."""
    return len(_words(text)) >= 8 and text.rstrip().endswith(SENTENCE_END)


def is_title_like(text: str) -> bool:
    """Short, no sentence punctuation at the end, most words capitalised (or numbers)."""
    stripped = text.strip()
    tokens = _words(stripped)
    if not 3 <= len(tokens) <= 20 or len(stripped) > 160:
        return False
    if stripped.endswith((".", "!", ";", ",")) or _RUN_ON.search(stripped):
        return False
    content = [t for t in tokens if t.lower() not in TITLE_SMALL_WORDS]
    if not content:
        return False
    capitalised = sum(1 for t in content if t[0].isupper() or t[0].isdigit() or t[0] in "$€£¥")
    return capitalised / len(content) >= 0.75 and stripped[0].isupper()


def _neighbour(index: int, step: int, ctx: Context) -> str | None:
    """The nearest paragraph before/after `index` that was not removed as junk."""
    i = index + step
    while 0 <= i < len(ctx.paragraphs):
        if i not in ctx.removed:
            return ctx.paragraphs[i]
        i += step
    return None


# -- rules ----------------------------------------------------------------------------------------

def rule_widget(index: int, text: str, ctx: Context) -> str | None:
    # Chrome lines are short; a long line without spaces (a pasted blob) would make the contact-line
    # pattern backtrack over every position, so it is judged by its length alone.
    if len(_words(text)) > MAX_CHROME_WORDS or len(text) > MAX_CHROME_CHARS:
        return None
    stripped = text.strip()
    lowered = stripped.lower()
    for name, pattern in _CHROME:
        if pattern.search(lowered):
            return f"Matches the {name} pattern of site chrome, not article text."
    match = STORY_LINK_TAG.search(stripped)
    if match:
        return f"Ends with the section tag '{match.group(0)[1:].strip()}' of a link to another story."
    return None


def rule_photo_caption(index: int, text: str, ctx: Context) -> str | None:
    if len(_words(text)) > MAX_CAPTION_WORDS:
        return None
    match = CAPTION_TAIL.search(text) or CAPTION_AGENCY_TAIL.search(text) or CAPTION_WIRE_CREDIT.search(text)
    if match:
        rest = text[: match.start()].strip()
        if len(_words(rest)) > 25 and _SENTENCES_THEN_CREDIT.search(rest):
            return None  # a paragraph of several sentences that ends with a credit: prose, keep it
        ctx.caption_texts.add(normalise(rest))
        return f"Ends with the photo credit '{match.group(0).strip()}', so it is an image caption."
    match = CAPTION_HEAD.match(text)
    if match:
        return f"Starts with '{match.group(0).strip()}', so it is an image caption or credit."
    return None


def rule_repeated_headline(index: int, text: str, ctx: Context) -> str | None:
    key = normalise(text)
    if not key:
        return None
    if ctx.title and key == ctx.title_key:
        return "Repeats the article's title as a line."
    if key in ctx.caption_texts:
        return "Repeats the text of a photo caption (the headline printed under the picture)."
    return None


def rule_foreign_headline(index: int, text: str, ctx: Context) -> str | None:
    if not is_title_like(text) or len(_words(text)) < 5:
        return None
    before, after = _neighbour(index, -1, ctx), _neighbour(index, 1, ctx)
    if before is None or after is None or not (is_prose(before) and is_prose(after)):
        return None
    # A section heading introduces what follows; another story's headline is punchier: a colon,
    # a figure, a quote or many capitalised words. Section headings rarely have a verb-like colon.
    if ":" in text or _MONEY_OR_PERCENT.search(text) or len(_words(text)) >= 7:
        return "A title-case line without sentence punctuation between prose paragraphs: another story's headline."
    return None


RULES: dict[str, Rule] = {
    "widget": rule_widget,
    "photo-caption": rule_photo_caption,
    "repeated-headline": rule_repeated_headline,
    "foreign-headline": rule_foreign_headline,
}


def filter_paragraphs(
    paragraphs: list[str], title: str | None = None, rules: dict[str, Rule] | None = None
) -> tuple[list[str], list[RemovedLine]]:
    """Split paragraphs into those kept and those removed (with rule id and reason)."""
    ctx = Context(paragraphs=paragraphs, title=title)
    rules = RULES if rules is None else rules
    # Pass 1: rules that need no neighbours. Pass 2: foreign headlines, which look at kept neighbours.
    local = {k: v for k, v in rules.items() if k != "foreign-headline"}
    for index, text in enumerate(paragraphs):
        for rule_id, rule in local.items():
            detail = rule(index, text, ctx)
            if detail:
                ctx.removed[index] = RemovedLine(text=text, reason=rule_id, detail=detail, position=index)
                break
    if "foreign-headline" in rules:
        for index, text in enumerate(paragraphs):
            if index in ctx.removed:
                continue
            detail = rules["foreign-headline"](index, text, ctx)
            if detail:
                ctx.removed[index] = RemovedLine(
                    text=text, reason="foreign-headline", detail=detail, position=index
                )
    kept = [p for i, p in enumerate(paragraphs) if i not in ctx.removed]
    return kept, [ctx.removed[i] for i in sorted(ctx.removed)]
