"""The maintained table of current and recent leaders (data/actors/leaders.csv).

The Phoenix dictionaries stop around 2014; this table adds heads of state and government, foreign,
defence, finance and trade ministers and chief spokespeople of the G20, the EU, the African Union and
the states most often in the news, with dated roles. It is
read two ways: as dictionary entries for the actor matcher (`load_leader_entries`, one ActorEntry
per person with a dated CodeSpan per role) and as a queryable table (`LeaderTable`) for dating
undated articles and for briefs.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path

from dyadwatch.dictionaries.tables import read_csv_table
from dyadwatch.dictionaries.types import ActorEntry, CodeSpan
from dyadwatch.errors import DictionaryError

COLUMNS = ("person", "aliases", "country", "code", "office", "title", "start", "end", "source", "note")
OFFICES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "president_elect",
    "crown_prince",
    "vice_president",
    "legislative_leader",
    "secretary_general",
    "chief_cabinet_secretary",
    "finance_minister",
    "trade_minister",
    "spokesperson",  # government, presidential or foreign-ministry spokespeople: several may serve at once
}


def default_path() -> Path:
    return Path(str(resources.files("dyadwatch").joinpath("data/actors/leaders.csv")))


@dataclass(frozen=True, slots=True)
class Role:
    """One row of the table: a person holding an office between two dates (end None = in office)."""

    person: str
    aliases: tuple[str, ...]
    country: str
    code: str
    office: str
    titles: tuple[str, ...]  # as written in English news: "Prime Minister", "Defense Secretary"
    start: date
    end: date | None
    source: str
    note: str = ""
    line: int = 0

    def valid_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def approx(self) -> bool:
        return "approx" in self.note


def normalise_phrase(text: str) -> str:
    """Upper case, single spaces: the dictionary phrase form ("Shigeru  Ishiba" -> "SHIGERU ISHIBA")."""
    return " ".join(text.upper().split())


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _parse_date(value: str, path: str, line: int, column: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DictionaryError(path, line, f"{column} {value!r} is not a YYYY-MM-DD date") from None


def _parse_row(row: dict[str, str], path: str, line: int) -> Role:
    missing = [c for c in ("person", "aliases", "country", "code", "office", "start") if not (row.get(c) or "").strip()]
    if missing:
        raise DictionaryError(path, line, f"empty column(s): {', '.join(missing)}")
    office = row["office"].strip()
    if office not in OFFICES:
        raise DictionaryError(path, line, f"unknown office {office!r} (expected one of {', '.join(sorted(OFFICES))})")
    start = _parse_date(row["start"], path, line, "start")
    end = _parse_date(row.get("end") or "", path, line, "end")
    if start is None:
        raise DictionaryError(path, line, "start is empty")
    if end is not None and end < start:
        raise DictionaryError(path, line, f"end {end} is before start {start}")
    aliases = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    titles = tuple(t.strip() for t in (row.get("title") or "").split("|") if t.strip())
    return Role(
        person=row["person"].strip(),
        aliases=aliases,
        country=row["country"].strip(),
        code=row["code"].strip(),
        office=office,
        titles=titles,
        start=start,
        end=end,
        source=(row.get("source") or "").strip(),
        note=(row.get("note") or "").strip(),
        line=line,
    )


def read_roles(path: str | Path | None = None) -> list[Role]:
    """Every row of the leaders table; DictionaryError names the file and line of a bad row."""
    path = Path(path) if path else default_path()
    return [_parse_row(row, str(path), line) for line, row in read_csv_table(path, "leaders table", COLUMNS[:8])]


def _phrases(role_aliases: list[str]) -> list[str]:
    """Upper-case phrases, with an accent-free variant of each accented alias."""
    seen: dict[str, None] = {}
    for alias in role_aliases:
        for form in (alias, strip_accents(alias)):
            seen.setdefault(normalise_phrase(form), None)
    return list(seen)


def entries_from_roles(roles: list[Role]) -> list[ActorEntry]:
    """One ActorEntry per person, every role as a dated CodeSpan, in table order."""
    by_person: dict[str, ActorEntry] = {}
    for role in roles:
        entry = by_person.get(role.person)
        if entry is None:
            entry = ActorEntry(name=role.person, phrases=[], codes=[], source=role.source, titles=[])
            by_person[role.person] = entry
        for phrase in _phrases(list(role.aliases)):
            if phrase not in entry.phrases:
                entry.phrases.append(phrase)
        span = CodeSpan(role.code, role.start, role.end)
        if span not in entry.codes:
            entry.codes.append(span)
        for title in role.titles:
            upper = normalise_phrase(title)
            if upper not in entry.titles:
                entry.titles.append(upper)
        if role.source and role.source not in entry.source.split("; "):
            entry.source = f"{entry.source}; {role.source}" if entry.source else role.source
    return list(by_person.values())


def load_leader_entries(path: str | Path | None = None) -> list[ActorEntry]:
    """The leaders table as dictionary entries for the actor matcher (contract in the preamble)."""
    return entries_from_roles(read_roles(path))


_OFFICE_WORDS = {
    "head_of_state": "head_of_state",
    "head of state": "head_of_state",
    "head_of_government": "head_of_government",
    "head of government": "head_of_government",
    "foreign_minister": "foreign_minister",
    "defence_minister": "defence_minister",
    "defense_minister": "defence_minister",
    "president_elect": "president_elect",
    "crown_prince": "crown_prince",
    "vice_president": "vice_president",
    "legislative_leader": "legislative_leader",
    "secretary_general": "secretary_general",
    "chief_cabinet_secretary": "chief_cabinet_secretary",
    "finance_minister": "finance_minister",
    "trade_minister": "trade_minister",
    "spokesperson": "spokesperson",
}


@dataclass(slots=True)
class LeaderTable:
    """The leaders table as rows, with small queries for dating and briefs."""

    roles: list[Role]
    _by_title: dict[str, list[Role]] = field(default_factory=dict, repr=False)
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)  # derived matchers

    def __post_init__(self) -> None:
        for role in self.roles:
            for title in role.titles:
                self._by_title.setdefault(title.casefold(), []).append(role)

    @classmethod
    def load(cls, path: str | Path | None = None) -> LeaderTable:
        return cls(read_roles(path))

    def titles(self) -> list[str]:
        """Every distinct title, longest first (for matching "Prime Minister" before "Minister")."""
        return sorted({t for r in self.roles for t in r.titles}, key=lambda t: (-len(t), t))

    def holders(self, country: str, title_or_office: str, day: date) -> list[Role]:
        """Who held an office (by office id or title as written) in a country on a day."""
        key = title_or_office.strip()
        office = _OFFICE_WORDS.get(key.casefold())
        if office:
            matches = [r for r in self.roles if r.office == office]
        else:
            matches = self._by_title.get(key.casefold(), [])
        return [r for r in matches if r.country == country.upper() and r.valid_on(day)]

    def roles_of(self, person: str) -> list[Role]:
        """Every role of one person (canonical name), in start order."""
        return sorted((r for r in self.roles if r.person == person), key=lambda r: r.start)

    def find_person(self, alias: str) -> list[str]:
        """Canonical names whose aliases include this surface form (case and accent blind)."""
        want = normalise_phrase(strip_accents(alias))
        found: dict[str, None] = {}
        for role in self.roles:
            if any(normalise_phrase(strip_accents(a)) == want for a in role.aliases):
                found.setdefault(role.person, None)
        return list(found)
