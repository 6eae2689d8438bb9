"""Dating undated articles from the titles they give people.

"President-elect Donald Trump" can only be written while Trump was president-elect; "Prime Minister
Shigeru Ishiba" only while Ishiba was prime minister. Each such clue gives one or more date ranges
(from the leaders table); the clues of an article are intersected. When clues conflict, the largest
set of clues that agree wins (and the basis says which were set aside); when the result is still
ambiguous (e.g. only "President Trump": 2017-2021 or 2025-), no window is returned and the reason
says why. A single date is never picked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from itertools import combinations

from dyadwatch.actors.leaders import LeaderTable, Role
from dyadwatch.records import DateWindow

Interval = tuple[date, date]

# Words before a title that mean the person no longer (or not yet) holds it at the time of writing.
_RETRO = re.compile(r"(?:\b(?:former|ex|then|late|erstwhile|onetime|one-time|future|would-be)[\s-]+(?:\S+\s+){0,2})$", re.I)
# Words that make a different office of the title: "Vice President Biden" is not "President Biden".
_OTHER_OFFICE = re.compile(r"\b(?:vice|deputy|under|assistant|junior|shadow|acting)[\s-]*$", re.I)
_MAX_SUBSET_CLUES = 12
# A year in running text, unless it is a target or a limit ("by 2030", "until 2027").
_YEAR = re.compile(r"(?<![\w$/.-])(19[5-9]\d|20\d\d)(?![\w/.-]|-\d)")
_FUTURE_BEFORE = re.compile(r"\b(?:by|until|till|through|before|to)\s+(?:the\s+)?(?:end\s+of\s+|early\s+|late\s+|mid-?)?$", re.I)


@dataclass(slots=True)
class Clue:
    """One "title + name" phrase in the text and the date ranges it allows."""

    phrase: str
    person: str
    title: str
    start: int  # offset in the text
    intervals: list[Interval]

    def describe(self) -> str:
        spans = " or ".join(f"{a.isoformat()}..{b.isoformat()}" for a, b in self.intervals)
        return f"'{self.phrase}' => {spans}"


@dataclass(slots=True)
class DatingResult:
    """The inferred window (or None) with the clues used, set aside, and the reason."""

    window: DateWindow | None
    reason: str
    clues: list[Clue] = field(default_factory=list)
    ignored: list[Clue] = field(default_factory=list)  # clues that conflicted with the majority
    retrospective: list[str] = field(default_factory=list)  # "former President Trump": not a clue
    candidates: list[Interval] = field(default_factory=list)


@lru_cache(maxsize=1)
def _default_table() -> LeaderTable:
    return LeaderTable.load()


def _matchers(table: LeaderTable) -> tuple[re.Pattern[str], re.Pattern[str]]:
    cached = table.cache.get("dating")
    if cached is None:
        cached = table.cache["dating"] = _build_matchers(table)
    return cached  # type: ignore[return-value]


def _build_matchers(table: LeaderTable) -> tuple[re.Pattern[str], re.Pattern[str]]:
    titles = sorted({t for r in table.roles for t in r.titles}, key=len, reverse=True)
    aliases = sorted({a for r in table.roles for a in r.aliases}, key=len, reverse=True)
    title_alt = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in titles)
    alias_alt = "|".join(re.escape(a).replace(r"\ ", r"\s+") for a in aliases)
    qualifier = r"(?:[A-Z][\w.'’-]*\s+){0,2}"
    # "Prime Minister Shigeru Ishiba", "President-elect Donald Trump"
    before = re.compile(rf"(?<!\w)(?P<title>{title_alt})\s+(?P<name>{alias_alt})(?![\w-])")
    # "Shigeru Ishiba, Japan's prime minister", "Keir Starmer, the British Prime Minister"
    after = re.compile(
        rf"(?<![\w-])(?P<name>{alias_alt}),\s+(?:the\s+)?{qualifier}(?P<title>(?i:{title_alt}))(?![\w-])"
    )
    return before, after


def _role_intervals(table: LeaderTable, person: str, title: str, today: date) -> list[Interval]:
    """Date ranges in which `person` held a role with this title (inclusive of hand-over day)."""
    roles = table.roles_of(person)
    wanted = title.casefold()
    spans: list[Interval] = []
    for role in roles:
        if wanted not in (t.casefold() for t in role.titles):
            continue
        spans.append((role.start, _latest(role, roles, today)))
    return _merge(spans)


def _latest(role: Role, roles: list[Role], today: date) -> date:
    """The last day the title may appear: the end, or the next day if the same person's next role
    starts then (the president-elect is still called so on inauguration morning)."""
    if role.end is None:
        return max(today, role.start)
    if any(other.start == role.end + timedelta(days=1) for other in roles if other is not role):
        return role.end + timedelta(days=1)
    return role.end


def _merge(spans: list[Interval]) -> list[Interval]:
    merged: list[Interval] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    out = []
    for s1, e1 in a:
        for s2, e2 in b:
            start, end = max(s1, s2), min(e1, e2)
            # Touching only on a hand-over day (one term ends the day the other starts) is a
            # conflict, not a one-day window.
            handover = start == end and s1 != e1 and s2 != e2 and start in (s1, s2) and end in (e1, e2)
            if start <= end and not handover:
                out.append((start, end))
    return _merge(out)


def find_clues(text: str, table: LeaderTable | None = None, today: date | None = None) -> tuple[list[Clue], list[str]]:
    """Title+name clues in the text, and the retrospective phrases ("former ...") skipped."""
    table = table or _default_table()
    today = today or date.today()
    clues: list[Clue] = []
    skipped: list[str] = []
    seen: set[tuple[str, str]] = set()
    for pattern in _matchers(table):
        for match in pattern.finditer(text):
            phrase = " ".join(match.group(0).split())
            if _OTHER_OFFICE.search(text[max(0, match.start() - 12) : match.start()]):
                continue
            if _RETRO.search(text[max(0, match.start() - 30) : match.start()]):
                skipped.append(phrase)
                continue
            title = " ".join(match.group("title").split())
            for person in table.find_person(match.group("name")):
                if (person, title.casefold()) in seen:
                    continue
                intervals = _role_intervals(table, person, title, today)
                if intervals:
                    seen.add((person, title.casefold()))
                    clues.append(Clue(phrase, person, title, match.start(), intervals))
    clues.sort(key=lambda c: c.start)
    return clues, skipped


def _combine(clues: list[Clue]) -> list[Interval]:
    candidates = clues[0].intervals
    for clue in clues[1:]:
        candidates = _intersect(candidates, clue.intervals)
        if not candidates:
            break
    return candidates


def _best_consistent(clues: list[Clue]) -> tuple[list[Clue], list[Interval]] | None:
    """The largest subset of clues that agree. When several subsets of that size disagree, the one
    with the most recent window wins: news uses an old title in retrospect ("Vice President Biden"
    in 2019) but never a title someone has not yet held."""
    for size in range(len(clues) - 1, 0, -1):
        results = []
        for subset in combinations(clues, size):
            candidates = _combine(list(subset))
            if candidates:
                results.append((list(subset), candidates))
        if results:
            return max(results, key=lambda r: (r[1][-1][0], -len(r[1])))
    return None


def latest_year_mentioned(text: str, today: date) -> int | None:
    """The latest past-or-present year written in the text, skipping targets ("by 2030") and
    years after today. Used only to choose between the terms of an ambiguous title clue (Trump's
    first or second presidency), and said so in the basis."""
    years = []
    for match in _YEAR.finditer(text):
        year = int(match.group(1))
        if year > today.year:
            continue
        if _FUTURE_BEFORE.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        years.append(year)
    return max(years) if years else None


def infer_window_detail(text: str, table: LeaderTable | None = None, today: date | None = None) -> DatingResult:
    """Infer a publication window from title clues, explaining the result."""
    clues, skipped = find_clues(text, table, today)
    if not clues:
        reason = "no dated title in the text"
        if skipped:
            reason += f" (only retrospective mentions: {'; '.join(skipped)})"
        return DatingResult(None, reason, retrospective=skipped)
    used, ignored = clues, []
    candidates = _combine(clues)
    if not candidates:
        if len(clues) > _MAX_SUBSET_CLUES:
            return DatingResult(None, "conflicting clues: " + "; ".join(c.describe() for c in clues), clues=clues)
        best = _best_consistent(clues)
        if best is None:
            reason = "conflicting clues with no majority: " + "; ".join(c.describe() for c in clues)
            return DatingResult(None, reason, clues=clues, retrospective=skipped)
        used, candidates = best
        ignored = [c for c in clues if c not in used]
    resolved_by = ""
    if len(candidates) > 1:
        year = latest_year_mentioned(text, today or date.today())
        inside = [c for c in candidates if year and c[0].year <= year <= c[1].year]
        if len(inside) == 1:
            candidates, resolved_by = inside, f" | ambiguity resolved by the latest year mentioned ({year})"
    if len(candidates) > 1:
        spans = " or ".join(f"{a}..{b}" for a, b in candidates)
        reason = f"ambiguous: {spans} (" + "; ".join(c.describe() for c in used) + ")"
        return DatingResult(None, reason, clues=used, ignored=ignored, retrospective=skipped, candidates=candidates)
    earliest, latest = candidates[0]
    basis = "; ".join(c.describe() for c in used)
    if ignored:
        basis += " | set aside as conflicting (older titles are used in retrospect): " + "; ".join(
            c.describe() for c in ignored
        )
    basis += resolved_by
    window = DateWindow(earliest=earliest, latest=latest, basis=basis)
    reason = "intersection of title clues" if len(used) > 1 else "one title clue"
    if resolved_by:
        reason += ", ambiguity resolved by year mention"
    return DatingResult(window, reason, clues=used, ignored=ignored, retrospective=skipped, candidates=candidates)


def infer_window(text: str, table: LeaderTable | None = None, today: date | None = None) -> DateWindow | None:
    """A publication window for an undated article, or None (see infer_window_detail for why)."""
    return infer_window_detail(text, table, today).window
