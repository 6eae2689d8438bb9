"""Dictionary entry types shared by the loaders (PETRARCH/TABARI formats, leaders table) and the matcher."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class CodeSpan:
    """An actor code valid between two dates (either end open)."""

    code: str  # e.g. "JPNGOV"
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(slots=True)
class ActorEntry:
    """One actor: the phrases that name it and its date-bounded codes."""

    name: str  # canonical name as in the dictionary, e.g. "SHIGERU_ISHIBA"
    phrases: list[str]  # surface forms, upper case, words separated by spaces: "SHIGERU ISHIBA", "ISHIBA"
    codes: list[CodeSpan]  # a span with no dates is the default code
    source: str = ""  # file:line or the leaders table's cited source
    titles: list[str] = field(default_factory=list)  # e.g. ["PRIME MINISTER"], for "the Prime Minister"
    stem_phrases: list[str] = field(default_factory=list)  # phrases whose last word is a stem (TABARI: no '_')

    def codes_on(self, day: date | None) -> list[str]:
        dated = [c.code for c in self.codes if (c.start or c.end) and c.valid_on(day)]
        if dated:
            return dated
        return [c.code for c in self.codes if not (c.start or c.end)]


@dataclass(slots=True)
class AgentEntry:
    """A role word that composes with a country: "troops" [~MIL] -> "US troops" = USAMIL."""

    name: str
    phrases: list[str]  # upper case, including plurals
    code: str  # e.g. "~MIL" (suffix) or "MIL~" (prefix), as in the agents file
    source: str = ""
