"""The agreement and organisation register: treaties, alliances and forums events refer to.

`AgreementRegister.load()` reads data/agreements/register.csv. `register.tag(sentence)` gives the
ids named in a sentence (whole words; one-word aliases such as "NATO", "Quad", "SOFA" are matched
case-sensitively, longer names case-insensitively; some aliases count only with context words in the
same sentence: "security treaty" needs Japan and the US; "the alliance" alone never matches).
`register.find_proposed(sentence)` detects an organisation proposed in the text ("proposes creating
an Asian version of NATO" -> "Asian NATO", modelled on NATO).

Store side: `sync_register`, `record_proposed` / `record_proposed_batch` (derived tables the run
updates after writing an article's rows), `agreement_timeline` and `register_summary` (read by the
CLI and the API).
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb

from dyadwatch.analyse.dating import date_text, document_dating
from dyadwatch.dictionaries.tables import read_csv_table
from dyadwatch.errors import DictionaryError
from dyadwatch.records import Article, Event
from dyadwatch.store.writer import insert_arrow, select_in

KINDS = {"treaty", "alliance", "forum", "organisation"}
COLUMNS = ("id", "name", "aliases", "kind", "parties")


def default_path() -> Path:
    return Path(str(resources.files("dyadwatch").joinpath("data/agreements/register.csv")))


_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")
_DOTTED = re.compile(r"\b([A-Z])\.([A-Z])\.(?:([A-Z])\.)?")


def normalise(text: str) -> str:
    """Dashes to "-", "U.S." to "US", curly quotes to straight, single spaces."""
    text = _DASHES.sub("-", text)
    text = _DOTTED.sub(lambda m: "".join(g for g in m.groups() if g), text)
    text = text.replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.split())


def _word_pattern(words: list[str], flags: int = 0) -> re.Pattern[str] | None:
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", flags)


def _split_case(words: list[str]) -> tuple[list[str], list[str]]:
    """One-word forms ("NATO", "Quad", "US") match exactly; longer names ignore case."""
    exact = [w for w in words if " " not in w]
    loose = [w for w in words if " " in w]
    return exact, loose


@dataclass(slots=True)
class Agreement:
    """One register row."""

    id: str
    name: str
    aliases: list[str]
    kind: str
    parties: list[str]
    context_aliases: list[str] = field(default_factory=list)
    context: list[list[str]] = field(default_factory=list)  # every group needs one word in the sentence
    signed: date | None = None
    in_force: date | None = None
    status: str = ""
    source: str = ""

    def context_ok(self, sentence: str) -> bool:
        for group in self.context:
            exact = [w for w in group if w.isupper()]
            loose = [w for w in group if not w.isupper()]
            hit = any(p and p.search(sentence) for p in (_word_pattern(exact), _word_pattern(loose, re.I)))
            if not hit:
                return False
        return True


@dataclass(slots=True)
class ProposedOrganisation:
    """A new organisation proposed in a sentence; no members yet."""

    name: str  # "Asian NATO"
    modelled_on: str | None  # register id, e.g. "NATO"
    sentence: str
    phrase: str  # the words that named it: "Asian version of NATO"
    trigger: str  # the proposal word: "proposes"


class AgreementRegister:
    """The register, with matchers built once."""

    def __init__(self, agreements: list[Agreement]):
        self.agreements = agreements
        self._by_id = {a.id: a for a in agreements}
        self._exact: dict[str, str] = {}
        self._loose: dict[str, str] = {}
        self._ctx_exact: dict[str, list[str]] = defaultdict(list)
        self._ctx_loose: dict[str, list[str]] = defaultdict(list)
        for agreement in agreements:
            for alias in agreement.aliases:
                form = normalise(alias)
                if " " in form:
                    self._loose.setdefault(form.casefold(), agreement.id)
                else:
                    self._exact.setdefault(form, agreement.id)
            for alias in agreement.context_aliases:
                form = normalise(alias)
                if " " in form:
                    self._ctx_loose[form.casefold()].append(agreement.id)
                else:
                    self._ctx_exact[form].append(agreement.id)
        self._re_exact = _word_pattern(list(self._exact))
        self._re_loose = _word_pattern(list(self._loose), re.I)
        self._re_ctx_exact = _word_pattern(list(self._ctx_exact))
        self._re_ctx_loose = _word_pattern(list(self._ctx_loose), re.I)
        self._proposal = _ProposalMatcher(self)

    @classmethod
    def load(cls, path: str | Path | None = None) -> AgreementRegister:
        return cls(read_register(path))

    def __iter__(self):
        return iter(self.agreements)

    def __len__(self) -> int:
        return len(self.agreements)

    def get(self, agreement_id: str) -> Agreement | None:
        return self._by_id.get(agreement_id)

    def find(self, name: str) -> Agreement | None:
        """By id (any case) or by alias ("SOFA", "Japan-US Security Treaty", "nato")."""
        key = normalise(name)
        by_id = self._by_id.get(key.upper().replace(" ", "_").replace("-", "_"))
        if by_id:
            return by_id
        for agreement in self.agreements:
            forms = [agreement.name, *agreement.aliases, *agreement.context_aliases]
            if any(normalise(f).casefold() == key.casefold() for f in forms):
                return agreement
        return None

    def close_matches(self, name: str, limit: int = 5) -> list[str]:
        """Register ids whose id, name or aliases look like `name` (for "did you mean")."""
        from rapidfuzz import fuzz, process

        choices: dict[str, str] = {}
        for agreement in self.agreements:
            for form in (agreement.id, agreement.name, *agreement.aliases):
                choices.setdefault(form, agreement.id)
        found: list[str] = []
        for form, score, _ in process.extract(name, list(choices), scorer=fuzz.WRatio, limit=limit * 4):
            if score >= 60 and choices[form] not in found:
                found.append(choices[form])
        return found[:limit]

    def tag(self, sentence: str, context: str | None = None) -> list[str]:
        """Register ids named in the sentence, in order of first mention.

        Context-dependent aliases ("SOFA", "security treaty") need their context words in the
        sentence, or in `context` (e.g. the article text) when given. A name inside a longer name
        counts once: "UN Security Council" is UNSC, not also UN.
        """
        text = normalise(sentence)
        around = None  # sentence + article, normalised only when a context alias needs it (rare)
        spans: list[tuple[int, int, str]] = []
        for pattern, table, fold in ((self._re_exact, self._exact, False), (self._re_loose, self._loose, True)):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                key = match.group(0).casefold() if fold else match.group(0)
                spans.append((match.start(), match.end(), table[key]))
        for pattern, multi, fold in (
            (self._re_ctx_exact, self._ctx_exact, False),
            (self._re_ctx_loose, self._ctx_loose, True),
        ):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                key = match.group(0).casefold() if fold else match.group(0)
                ids = [i for i in multi[key] if self._by_id[i].context_ok(text)]
                if not ids and context:  # the sentence alone does not say which: ask the article
                    around = around or f"{text} {normalise(context)}"
                    ids = [i for i in multi[key] if self._by_id[i].context_ok(around)]
                spans.extend((match.start(), match.end(), agreement_id) for agreement_id in ids)
        kept: list[tuple[int, int, str]] = []
        for start, end, agreement_id in sorted(spans, key=lambda s: (s[0] - s[1], s[0])):
            inside = any(ks <= start and end <= ke and ke - ks > end - start for ks, ke, _ in kept)
            if not inside:
                kept.append((start, end, agreement_id))
        ordered: list[str] = []
        for _, _, agreement_id in sorted(kept):
            if agreement_id not in ordered:
                ordered.append(agreement_id)
        return ordered

    def find_proposed(self, sentence: str) -> list[ProposedOrganisation]:
        """Organisations proposed in the sentence ("calls for an Asian NATO")."""
        return self._proposal.find(sentence)

    def model_names(self, kinds: tuple[str, ...] = ("alliance", "organisation", "forum")) -> dict[str, str]:
        """Surface form -> id for organisations a proposal can be modelled on (alliances, forums...)."""
        names: dict[str, str] = {}
        for agreement in self.agreements:
            if agreement.kind not in kinds:
                continue
            for alias in agreement.aliases:
                form = normalise(alias)
                if " " not in form or form[0].isupper():
                    names.setdefault(form, agreement.id)
        return names


@lru_cache(maxsize=1)
def default_register() -> AgreementRegister:
    """The packaged register, loaded once per process (for callers without their own)."""
    return AgreementRegister.load()


# --- proposed organisations -------------------------------------------------------------------

_TRIGGER = (
    r"propos\w*|call(?:s|ed|ing)?\s+for|idea\s+of|plans?\s+(?:for|to)|planned\s+to|planning\s+to"
    r"|push(?:es|ed|ing)?\s+for|advocat\w*|suggest\w*|float(?:s|ed|ing)?|urg(?:es|ed|ing)"
    r"|envisag\w*|envision\w*|(?:seek|seeks|seeking|sought)\s+to|wants?\s+to|wanted\s+to"
    r"|aim(?:s|ed|ing)?\s+to|pitch(?:es|ed|ing)?|champion(?:s|ed|ing)?|vision\s+of|concept\s+of"
    r"|support(?:s|ed|ing)?\s+(?:the\s+)?(?:idea|creation|establishment|formation)"
)
_NEGATION = re.compile(
    r"\b(?:not|never|no|oppos\w*|reject\w*|dismiss\w*|against|warn\w*|criticis\w*|criticiz\w*|denounc\w*"
    r"|condemn\w*|refus\w*|ruled\s+out|rules\s+out|doubt\w*)\b",
    re.I,
)
_CAP = r"[A-Z][\w'-]*"
_ADJ = rf"(?P<adj>(?:{_CAP}\s+){{1,3}}?)"
# Nouns that name an organisation on their own, and vague ones that need a qualifier ("a new
# framework for talks" and "a new coalition" in a parliament are not new organisations).
_ORG_NOUN = r"(?:alliance|pact|bloc|organi[sz]ation|union|treaty|grouping)"
_VAGUE_NOUN = r"(?:framework|architecture|body|forum|mechanism|coalition|community)"
_QUALIFIER = r"(?:security|defen[cs]e|military|trade|economic|regional|collective|mutual|nuclear)"
_ORG_KIND = (
    rf"(?:(?:{_QUALIFIER}\s+){{0,2}}{_ORG_NOUN}|(?:{_QUALIFIER}\s+){{1,2}}{_VAGUE_NOUN})"
)
_QUOTES = re.compile("[\u201c\u201d\"]|(?<!\\w)'|'(?!\\w)")
# "the Osaka G20 summit" names a meeting of an existing body, not a new body.
_MEETING_AFTER = re.compile(
    r"\s+(?:summit|summits|meeting|meetings|talks|leaders|members|member|countries|allies|ministers|chief"
    r"|secretary|forces|troops|exercises?|headquarters|spokes\w+|official\w*|country|nations|partners)\b",
    re.I,
)
# "the Asian NATO idea", "Ishiba's Asian NATO concept": the proposal noun follows the name.
_NOUN_AFTER = re.compile(r"\s+(?:idea|proposal|plan|concept|vision|initiative|push)\b", re.I)


class _ProposalMatcher:
    """Finds "proposal word ... object naming a new organisation" in one sentence."""

    def __init__(self, register: AgreementRegister):
        self.register = register
        self.models = register.model_names()
        model = "|".join(re.escape(m) for m in sorted(self.models, key=len, reverse=True)) or "(?!)"
        region_tail = rf"(?:\s+(?:in|for)\s+(?:the\s+)?(?P<region>{_CAP}(?:\s+{_CAP})?))?"
        self.trigger = re.compile(rf"\b(?:{_TRIGGER})\b", re.I)
        det = r"(?:an?|the|its|his|her|their|[A-Z][\w-]*'s)\s+(?:new\s+)?"
        bodies = register.model_names(("alliance", "organisation"))
        body = "|".join(re.escape(m) for m in sorted(bodies, key=len, reverse=True)) or "(?!)"
        self.objects = [
            # "an Asian version of NATO", "a version of NATO for Asia"
            re.compile(
                rf"{det}{_ADJ}?(?:version|equivalent|counterpart|variant|kind|type|form)\s+of\s+(?:the\s+)?"
                rf"(?P<model>{model})(?!\w){region_tail}"
            ),
            # "a NATO-style alliance in Asia", "a NATO-like bloc"
            re.compile(
                rf"{det}(?P<model>{model})-(?:like|style|type)\s+(?P<kind>{_ORG_KIND}){region_tail}", re.I
            ),
            # "an Asian NATO", "a Middle East NATO" (alliances and organisations only)
            re.compile(rf"{det}{_ADJ}(?P<model>{body})(?![\w-])"),
            # "a new security pact", "a new alliance"
            re.compile(rf"(?:an?|the)\s+new\s+(?P<adj>(?:{_CAP}\s+){{0,2}}?)(?P<kind>{_ORG_KIND})\b", re.I),
            # "a Pacific alliance", "an Asian security framework"
            re.compile(rf"(?:an?)\s+(?P<adj>(?:{_CAP}\s+){{1,3}}?)(?P<kind>{_ORG_KIND})\b"),
            # "a collective security framework for Asia"
            re.compile(
                rf"(?:an?)\s+(?P<adj>(?:collective|regional|multilateral|common|joint)\s+)(?P<kind>{_ORG_KIND})"
                rf"(?![\w-]){region_tail}",
                re.I,
            ),
        ]

    def find(self, sentence: str) -> list[ProposedOrganisation]:
        text = _QUOTES.sub("", normalise(sentence))
        found: list[ProposedOrganisation] = []
        taken: list[tuple[int, int]] = []

        def add(index: int, match: re.Match[str], trigger: str) -> None:
            if any(s < match.end() and match.start() < e for s, e in taken):
                return
            if index == 2 and _MEETING_AFTER.match(text, match.end()):
                return
            item = self._build(index, match, text, trigger)
            if item is not None:
                taken.append((match.start(), match.end()))
                found.append(item)

        for trigger in self.trigger.finditer(text):
            window_end = min(len(text), trigger.end() + 120)
            before = text[max(0, trigger.start() - 25) : trigger.start()]
            if _NEGATION.search(before):
                continue
            for index, pattern in enumerate(self.objects):
                for match in pattern.finditer(text, trigger.end(), window_end):
                    between = text[trigger.end() : match.start()]
                    if _NEGATION.search(between) or re.search(r"[.;:!?]", between):
                        continue
                    add(index, match, trigger.group(0))
        for index, pattern in enumerate(self.objects[:3]):  # "the Asian NATO idea"
            for match in pattern.finditer(text):
                noun = _NOUN_AFTER.match(text, match.end())
                if noun and not _NEGATION.search(text[max(0, match.start() - 40) : match.start()]):
                    add(index, match, noun.group(0).strip())
        return found

    def _build(self, index: int, match: re.Match[str], text: str, trigger: str) -> ProposedOrganisation | None:
        groups = match.groupdict()
        adj = " ".join((groups.get("adj") or "").split())
        region = groups.get("region")
        phrase = re.sub(r"^(?:an?|the|its|his|her|their|[A-Z][\w-]*'s)\s+", "", match.group(0), flags=re.I)
        if index in (0, 2):  # modelled on a known organisation
            model_form = groups["model"]
            model_id = self.models.get(model_form)
            if index == 2 and (not adj or adj.casefold() in {"new", "the"}):
                return None
            if adj and self.register.tag(f"{adj} {model_form}") != self.register.tag(model_form):
                return None  # "the Japan-US alliance" names an existing entry
            if adj:
                name = f"{adj} {model_form}"
            elif region:
                name = f"{model_form} for {region}"
            else:
                name = f"new {model_form}"
            return ProposedOrganisation(name, model_id, text, phrase, trigger)
        if index == 1:
            model_id = self.models.get(groups["model"]) or self.models.get(groups["model"].upper())
            name = f"{groups['model']}-style {groups['kind'].lower()}" + (f" in {region}" if region else "")
            return ProposedOrganisation(name, model_id, text, phrase, trigger)
        kind = " ".join(groups["kind"].split()).lower()
        if self.register.tag(phrase):  # an existing alliance or treaty, not a new one
            return None
        if index == 4 and not adj:
            return None
        if index == 5:
            name = f"{adj.lower()} {kind}" + (f" for {region}" if region else "")
            return ProposedOrganisation(name, None, text, phrase, trigger)
        name = f"{adj} {kind}".strip() if index == 4 else ("new " + f"{adj} {kind}".strip())
        return ProposedOrganisation(name, None, text, phrase, trigger)


# --- reading the register -----------------------------------------------------------------------


def _date(value: str, path: str, line: int, column: str) -> date | None:
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DictionaryError(path, line, f"{column} {value!r} is not a YYYY-MM-DD date") from None


def _list(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def read_register(path: str | Path | None = None) -> list[Agreement]:
    """Every row of the register; DictionaryError names the file and line of a bad row."""
    path = Path(path) if path else default_path()
    agreements: list[Agreement] = []
    seen: set[str] = set()
    for line, row in read_csv_table(path, "agreement register", COLUMNS):
        agreement_id = (row.get("id") or "").strip()
        if not agreement_id or not (row.get("name") or "").strip():
            raise DictionaryError(str(path), line, "id and name must not be empty")
        if agreement_id in seen:
            raise DictionaryError(str(path), line, f"duplicate id {agreement_id!r}")
        kind = (row.get("kind") or "").strip()
        if kind not in KINDS:
            raise DictionaryError(str(path), line, f"unknown kind {kind!r} (expected {', '.join(sorted(KINDS))})")
        context_aliases = _list(row.get("context_aliases"))
        context = [_list(group) for group in (row.get("context") or "").split("&") if group.strip()]
        if context_aliases and not context:
            raise DictionaryError(str(path), line, "context_aliases given without context words")
        seen.add(agreement_id)
        agreements.append(
            Agreement(
                id=agreement_id,
                name=row["name"].strip(),
                aliases=_list(row.get("aliases")),
                kind=kind,
                parties=_list(row.get("parties")),
                context_aliases=context_aliases,
                context=context,
                signed=_date(row.get("signed", ""), str(path), line, "signed"),
                in_force=_date(row.get("in_force", ""), str(path), line, "in_force"),
                status=(row.get("status") or "").strip(),
                source=(row.get("source") or "").strip(),
            )
        )
    return agreements


# --- store --------------------------------------------------------------------------------------


def sync_register(con: duckdb.DuckDBPyConnection, register: AgreementRegister) -> int:
    """Replace the `agreements` table with the register; returns the row count."""
    con.execute("DELETE FROM agreements")
    con.executemany(
        "INSERT INTO agreements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            [a.id, a.name, a.aliases, a.kind, a.parties, a.signed, a.in_force, a.status, a.source]
            for a in register
        ],
    )
    return len(register)


def _proposer(events: list[Event]) -> Event | None:
    with_source = [e for e in events if e.source is not None]
    proposed = [e for e in with_source if e.mode == "proposed" or e.cameo_root in ("03", "05", "01", "02")]
    return (proposed or with_source or [None])[0]


def record_proposed(
    con: duckdb.DuckDBPyConnection,
    article: Article,
    events: list[Event],
    register: AgreementRegister | None = None,
) -> list[ProposedOrganisation]:
    """Store the organisations proposed in an article's coded sentences (replacing earlier rows of
    the same document). The proposer is the source of an event of that sentence."""
    register = register or default_register()
    if con.execute("SELECT count(*) FROM agreements").fetchone()[0] != len(register):
        sync_register(con, register)
    con.execute("DELETE FROM proposed_organisations WHERE doc_id = ?", [article.doc_id])
    found: list[ProposedOrganisation] = []
    for proposal, row in proposed_rows(article, events, register):
        con.execute("INSERT INTO proposed_organisations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
        found.append(proposal)
    return found


PROPOSED_COLUMNS = ("name", "modelled_on", "proposer", "proposer_text", "event_id", "doc_id", "sentence_index",
                    "sentence", "phrase", "first_seen")


def record_proposed_batch(
    con: duckdb.DuckDBPyConnection,
    articles: list[tuple[Article, list[Event]]],
    register: AgreementRegister | None = None,
) -> None:
    """`record_proposed` for the articles of a batch, in a few bulk statements: each document's rows
    replace its earlier ones (a document given twice keeps the rows of its last entry)."""
    register = register or default_register()
    proposed: dict[str, list[list[Any]]] = {}
    for article, events in articles:
        proposed[article.doc_id] = [row for _x, row in proposed_rows(article, events, register)]
    if con.execute("SELECT count(*) FROM agreements").fetchall()[0][0] != len(register):
        sync_register(con, register)
    select_in(con, "DELETE FROM proposed_organisations WHERE doc_id IN (SELECT v FROM {ids})", sorted(proposed))
    insert_arrow(con, "proposed_organisations", PROPOSED_COLUMNS, [r for rows in proposed.values() for r in rows])


def proposed_rows(
    article: Article, events: list[Event], register: AgreementRegister
) -> list[tuple[ProposedOrganisation, list[Any]]]:
    """The `proposed_organisations` rows of an article (what `record_proposed` writes), in order."""
    by_sentence: dict[int, list[Event]] = defaultdict(list)
    for event in events:
        by_sentence[event.sentence_index].append(event)
    out: list[tuple[ProposedOrganisation, list[Any]]] = []
    for index in sorted(by_sentence):
        sentence_events = by_sentence[index]
        proposals = register.find_proposed(sentence_events[0].sentence)
        if not proposals:
            continue
        proposer = _proposer(sentence_events)
        for proposal in proposals:
            out.append((proposal, [
                proposal.name,
                proposal.modelled_on,
                proposer.source.code if proposer and proposer.source else None,
                proposer.source.text if proposer and proposer.source else None,
                proposer.event_id if proposer else None,
                article.doc_id,
                index,
                sentence_events[0].sentence,
                proposal.phrase,
                article.reference_date,
            ]))
    return out


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def _events_relation(con: duckdb.DuckDBPyConnection) -> str:
    return "current_events" if "current_events" in _relations(con) else "events"


def _rows(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def agreement_timeline(con: duckdb.DuckDBPyConnection, agreement_id: str) -> list[dict[str, Any]]:
    """Events naming the agreement, in date order, with sentences and any answers to proposals;
    plus organisations proposed on its model ("Asian NATO" for NATO)."""
    relation = _events_relation(con)
    day = "coalesce(e.event_day, e.published)" if relation == "current_events" else "e.published"
    events = _rows(
        con.execute(
            f"""
            SELECT 'event' AS kind, {day} AS day, e.event_id, e.doc_id, e.sentence_index, e.sentence,
                   e.source, e.source_text, e.target, e.target_text, e.cameo, e.plover, e.mode,
                   e.verb_text
            FROM {relation} e
            WHERE list_contains(e.agreements, ?)
            """,
            [agreement_id],
        )
    )
    answers = defaultdict(list)
    relations = _relations(con)
    if events and "thread_links" in relations:
        ids = [e["event_id"] for e in events]
        for row in _rows(
            con.execute(
                """
                SELECT t.proposal_event_id, t.status, t.answer_event_id, a.sentence, a.source,
                       a.published AS day, a.doc_id
                FROM thread_links t LEFT JOIN events a ON a.event_id = t.answer_event_id
                WHERE t.proposal_event_id IN (SELECT unnest(?::VARCHAR[]))
                """,
                [ids],
            )
        ):
            answers[row.pop("proposal_event_id")].append(row)
    for event in events:
        event["answers"] = answers.get(event["event_id"], [])
        if event["answers"] or event["mode"] == "proposed":
            event["kind"] = "proposal"
    if "proposed_organisations" not in relations:  # a database older than migration m020
        return _dated(con, sorted(events, key=lambda r: (r["day"] is None, r["day"] or date.min, r["doc_id"],
                                                         r["sentence_index"])))
    proposed = _rows(
        con.execute(
            """
            SELECT 'proposed-organisation' AS kind, first_seen AS day, event_id, doc_id, sentence_index,
                   sentence, proposer AS source, proposer_text AS source_text, name, modelled_on
            FROM proposed_organisations WHERE modelled_on = ?
            """,
            [agreement_id],
        )
    )
    for row in proposed:
        row["answers"] = []
    timeline = events + proposed
    timeline.sort(key=lambda r: (r["day"] is None, r["day"] or date.min, r["doc_id"], r["sentence_index"] or 0))
    return _dated(con, timeline)


def _dated(con: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Adds `date`, the date as the article gives it: its day, or for an undated article the window
    inferred from its text ("between 2024-11-06 and 2025-01-20 (inferred)"), never the window's first
    day shown as if it were the date. `day` stays for sorting."""
    pending = rows + [a for r in rows for a in r.get("answers") or []]
    dating = document_dating(con, [r.get("doc_id") for r in pending])
    for row in pending:
        published, earliest, latest = dating.get(row.get("doc_id"), (None, None, None))
        undated = published is None and earliest and latest
        row["date"] = date_text(None, earliest, latest) if undated else date_text(row.get("day"), None, None)
    return rows


def proposed_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Names of the organisations proposed in stored articles ("Asian NATO")."""
    if "proposed_organisations" not in _relations(con):
        return []
    return [r[0] for r in con.execute("SELECT DISTINCT name FROM proposed_organisations ORDER BY name").fetchall()]


def proposed_timeline(con: duckdb.DuckDBPyConnection, name: str) -> list[dict[str, Any]]:
    """Every stored proposal of one proposed organisation (name matched without case), by date."""
    if "proposed_organisations" not in _relations(con):
        return []
    rows = _rows(
        con.execute(
            """
            SELECT 'proposed-organisation' AS kind, first_seen AS day, event_id, doc_id, sentence_index,
                   sentence, proposer AS source, proposer_text AS source_text, name, modelled_on, phrase
            FROM proposed_organisations WHERE lower(name) = lower(?)
            ORDER BY first_seen NULLS LAST, doc_id, sentence_index
            """,
            [name.strip()],
        )
    )
    for row in rows:
        row["answers"] = []
    return _dated(con, rows)


def register_summary(con: duckdb.DuckDBPyConnection, register: AgreementRegister) -> list[dict[str, Any]]:
    """The register with event counts, then proposed organisations (status "proposed")."""
    relation = _events_relation(con)
    counts = dict(
        con.execute(
            f"SELECT a, count(*) FROM (SELECT unnest(agreements) AS a FROM {relation}) GROUP BY a"
        ).fetchall()
    )
    rows: list[dict[str, Any]] = [
        {
            "id": a.id,
            "name": a.name,
            "kind": a.kind,
            "parties": a.parties,
            "signed": a.signed,
            "in_force": a.in_force,
            "status": a.status,
            "events": counts.get(a.id, 0),
        }
        for a in register
    ]
    if "proposed_organisations" not in _relations(con):
        return rows
    for row in _rows(
        con.execute(
            """
            SELECT name, any_value(modelled_on) AS modelled_on, list(DISTINCT proposer) AS proposers,
                   min(first_seen) AS first_seen, count(*) AS mentions
            FROM proposed_organisations GROUP BY name ORDER BY min(first_seen), name
            """
        )
    ):
        rows.append(
            {
                "id": None,
                "name": row["name"],
                "kind": "proposed",
                "parties": [p for p in row["proposers"] if p],
                "signed": None,
                "in_force": None,
                "status": "proposed" + (f" (modelled on {row['modelled_on']})" if row["modelled_on"] else ""),
                "first_seen": row["first_seen"],
                "first_seen_text": _first_seen_text(con, row["name"]),
                "events": row["mentions"],
            }
        )
    return rows


def _first_seen_text(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """When a proposed organisation was first reported, as its article dates it (a day, or the
    window inferred from an undated article's text)."""
    first = _rows(con.execute(
        "SELECT doc_id, first_seen AS day FROM proposed_organisations WHERE name = ? "
        "ORDER BY first_seen NULLS LAST, doc_id LIMIT 1", [name]))
    return _dated(con, first)[0]["date"] if first else None
