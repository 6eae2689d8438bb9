"""Deadlines in a pledge sentence: "by 2030", "by mid-2027", "by March 2027", "by June 5, 2026", "by the
end of March", "within five years", "over the next three years", "over the following three years", "over
the next decade", "for one year" (the year it ends), "for at least two years", "for another year", "by/before the
end of the year", "by the end of the decade" (2030, said in 2026), "for the 2026-2028 period", "next year", "this year", "by the summer", "the
fiscal year ending in March 2028".

Absolute forms give the last day they allow (by 2030 -> 2030-12-31, precision "year"). Relative forms
count from the article's reference date (publication date, else the date-window start); without one,
the text is kept and the date left empty. Impossible dates (February 30) and deadlines before the
article's date are rejected: text kept, reason recorded.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
NUMBER_WORDS = {"one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                "fifteen": 15, "twenty": 20, "thirty": 30, "several": None, "few": None}

_BY_WORDS = r"by|before|until|till|through|no later than|not later than"
_BY = rf"\b(?P<by>{_BY_WORDS})\s+(?:the\s+end\s+of\s+|end[- ]|the\s+|mid[- ]|(?:early|late)\s+)?"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_FISCAL = r"(?:(?:fiscal|financial)(?:\s+year)?\s+|FY\s?)?"
ABS_DAY_MDY = re.compile(_BY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", re.I)
ABS_DAY_DMY = re.compile(_BY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I)
ABS_MONTH = re.compile(_BY + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I)
ABS_YEAR = re.compile(_BY + _FISCAL + r"(?P<year>\d{4})\b", re.I)
# "the fiscal year ending in March 2028", "the financial year to March 2027": the year the budget year ends
FISCAL_END = re.compile(r"\b(?:fiscal|financial|budget)\s+year\s+(?:ending|that\s+ends|to)\s+(?:in\s+)?"
                        + _MONTH + r",?\s+(?P<year>\d{4})\b", re.I)
# "by the end of March", "before December": the month named, this year or, once past, the next (capitalised,
# so the modal "may" is no month)
MONTH_ONLY = re.compile(rf"\b(?:{_BY_WORDS})\s+(?:the\s+end\s+of\s+)?(?P<month>"
                        + "|".join(calendar.month_name[1:]) + r")\b(?!,?\s+\d)")
# "by the summer", "before next winter", "by the end of the summer of 2027"
SEASON = re.compile(rf"\b(?:{_BY_WORDS})\s+(?:the\s+end\s+of\s+)?(?:the\s+|this\s+|(?P<next>next)\s+)?"
                    r"(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+of\s+(?P<year>\d{4}))?", re.I)
SEASON_END_MONTH = {"spring": 5, "summer": 8, "autumn": 11, "fall": 11, "winter": 2}
# "for at least two years", "for another year", "over a further three years": the qualifier changes
# nothing about when the period ends (the least it promises)
RELATIVE = re.compile(
    r"\b(?:within|in\s+the\s+next|over\s+the\s+next|in\s+the\s+coming|in|over|for)\s+"
    r"(?:the\s+(?:next|following|coming)\s+)?"
    r"(?:(?:at\s+least|a\s+minimum\s+of|up\s+to|a\s+further|another|an\s+additional|a\s+total\s+of)\s+)?"
    r"(?P<n>\d+|" + "|".join(NUMBER_WORDS) + r"|another)\s+(?P<unit>years?|months?|weeks?|days?|decades?)\b"
    r"|\b(?:within|over|in|during)\s+the\s+(?:next|following|coming)\s+(?P<decade>decade)\b", re.I)
# not "next year's budget" or "hit by this year's drought": a possessive names a thing of that year
END_OF = re.compile(rf"\b(?:{_BY_WORDS})\s+(?:the\s+)?end\s+of\s+(?P<which>this|next|the)\s+(?P<unit>year|month|decade)\b"
                    r"|(?<!from )(?<!since )(?<!starting )(?<!beginning )\b(?:(?:by|for|in|during)\s+)?"
                    r"(?P<which2>next)\s+(?P<unit2>year|month)\b(?!['’]s)"
                    r"|\b(?:by|for|in|during)\s+(?P<which3>this)\s+(?P<unit3>year)\b(?!['’]s)", re.I)
# "will cap exports at 6.5 million tonnes this year": read last, after every other form (never "earlier
# this year", "so far this year", "since this year" or "this year's")
THIS_YEAR = re.compile(r"(?<!earlier )(?<!since )(?<!from )(?<!far )(?<!until )\bthis\s+year\b(?!['’]s)", re.I)


@dataclass(slots=True)
class Deadline:
    text: str
    day: date | None
    precision: str | None  # "year" | "month" | "day"
    rejected: str | None = None  # reason the text was not turned into a date


def find_deadline(sentence: str, reference: date | None) -> Deadline | None:
    """The first deadline written in the sentence, or None."""
    for parse in (_day, _month, _fiscal_end, _year, _period, _end_of, _season, _month_only, _relative, _in_year, _this_year):
        found = parse(sentence, reference)
        if found:
            return _check(found, reference)
    return None


def _day(sentence: str, ref: date | None) -> Deadline | None:
    for pattern in (ABS_DAY_MDY, ABS_DAY_DMY):
        m = pattern.search(sentence)
        if m:
            year, month, day = int(m.group("year")), MONTHS[m.group("month").lower()], int(m.group("day"))
            try:
                return Deadline(m.group(0), date(year, month, day), "day")
            except ValueError:
                name = calendar.month_name[month]
                return Deadline(m.group(0), None, "day", f"{name} {day}, {year} is not a date")
    return None


def _month(sentence: str, ref: date | None) -> Deadline | None:
    m = ABS_MONTH.search(sentence)
    if not m:
        return None
    year, month = int(m.group("year")), MONTHS[m.group("month").lower()]
    return Deadline(m.group(0), date(year, month, calendar.monthrange(year, month)[1]), "month")


def _year(sentence: str, ref: date | None) -> Deadline | None:
    m = ABS_YEAR.search(sentence)
    if not m:
        return None
    year = int(m.group("year"))
    if not 1000 <= year <= 9999:
        return Deadline(m.group(0), None, "year", f"{year} is not a year")
    return Deadline(m.group(0), date(year, 12, 31), "year")


# "1 billion euros for the 2026-2028 period", "over the 2027-30 budget cycle": the year the period ends
PERIOD = re.compile(r"\b(?:for|over|in|during|covering|across)\s+(?:the\s+)?(?:fiscal\s+|financial\s+)?"
                    r"(?P<first>\d{4})\s*(?:-|–|to)\s*(?P<last>\d{4}|\d{2})\b", re.I)


def _period(sentence: str, ref: date | None) -> Deadline | None:
    m = PERIOD.search(sentence)
    if not m:
        return None
    first, last = m.group("first"), m.group("last")
    year = int(first[:2] + last) if len(last) == 2 else int(last)
    if not int(first) < year <= int(first) + 30:
        return None  # "in 2010-12" of a decade apart is no period of a pledge
    return Deadline(m.group(0), date(year, 12, 31), "year")


# "will deliver the jets in 2027": the year the act is due, read last (after every "by"/"within" form);
# not a start ("from 2027", "starting in 2027") nor a year before the article's (rejected by _check)
IN_YEAR = re.compile(r"\bin\s+(?:(?:fiscal|financial)\s+(?:year\s+)?|FY\s?)?(?P<year>\d{4})\b(?!\s*(?:-|–|to)\s*\d)", re.I)
START_BEFORE = re.compile(r"\b(?:from|since|starting|beginning|begin|start|starts|began|started|as early as)\s+$", re.I)


def _in_year(sentence: str, ref: date | None) -> Deadline | None:
    for m in IN_YEAR.finditer(sentence):
        year = int(m.group("year"))
        # a past year ("made in 2010") is what happened then, not a deadline rejected
        if START_BEFORE.search(sentence[: m.start()]) or not 1900 <= year <= 2200 or (ref and year < ref.year):
            continue
        return Deadline(m.group(0), date(year, 12, 31), "year")
    return None


def _this_year(sentence: str, ref: date | None) -> Deadline | None:
    m = THIS_YEAR.search(sentence)
    if not m:
        return None
    if ref is None:
        return _undated(m)
    return Deadline(m.group(0), date(ref.year, 12, 31), "year")


def _fiscal_end(sentence: str, ref: date | None) -> Deadline | None:
    m = FISCAL_END.search(sentence)
    if not m:
        return None
    year, month = int(m.group("year")), MONTHS[m.group("month").lower()]
    return Deadline(m.group(0), date(year, month, calendar.monthrange(year, month)[1]), "month")


def _month_only(sentence: str, ref: date | None) -> Deadline | None:
    m = MONTH_ONLY.search(sentence)
    if not m:
        return None
    if ref is None:
        return _undated(m)
    month = MONTHS[m.group("month").lower()]
    year = ref.year if month >= ref.month else ref.year + 1
    return Deadline(m.group(0), date(year, month, calendar.monthrange(year, month)[1]), "month")


def _season(sentence: str, ref: date | None) -> Deadline | None:
    """The end of the season named: its last month this year, or next year once that month is past
    ("by the summer" written in December is next summer; winter ends in February)."""
    m = SEASON.search(sentence)
    if not m:
        return None
    month = SEASON_END_MONTH[m.group("season").lower()]
    if m.group("year"):
        year = int(m.group("year")) + (1 if month == 2 else 0)
    elif ref is None:
        return _undated(m)
    else:
        year = ref.year if month >= ref.month else ref.year + 1
        if month == 2 and ref.month > 2:
            year = ref.year + 1
        if m.group("next") and year == ref.year:
            year += 1
    return Deadline(m.group(0), date(year, month, calendar.monthrange(year, month)[1]), "month")


def _end_of(sentence: str, ref: date | None) -> Deadline | None:
    m = END_OF.search(sentence)
    if not m:
        return None
    if ref is None:
        return _undated(m)
    # 'by the end of next year', or 'for/in/by next year' (the end of that year, precision year)
    unit = (m.group("unit") or m.group("unit2") or m.group("unit3")).lower()
    which = (m.group("which") or m.group("which2") or m.group("which3")).lower()
    if unit == "year":
        year = ref.year + (1 if which == "next" else 0)
        return Deadline(m.group(0), date(year, 12, 31), "year")
    if unit == "decade":
        # "by the end of the decade", said in 2026, is read as 2030 (the round year officials' targets
        # name: "by 2030"), not 2029
        return Deadline(m.group(0), date(ref.year // 10 * 10 + 10, 12, 31), "year")
    year, month = (ref.year, ref.month) if which != "next" else _add_months(ref.year, ref.month, 1)
    return Deadline(m.group(0), date(year, month, calendar.monthrange(year, month)[1]), "month")


# "their first such meeting in five years", "the highest level in two years": a time since, not a deadline
SINCE_BEFORE = re.compile(r"\b(?:first|last|highest|lowest|biggest|largest|worst|best|fastest|slowest|"
                          r"strongest|weakest|time)\b[^,.;]{0,40}$", re.I)


def _relative(sentence: str, ref: date | None) -> Deadline | None:
    m = next((m for m in RELATIVE.finditer(sentence)
              if not (m.group(0).lower().startswith("in ") and SINCE_BEFORE.search(sentence[: m.start()]))), None)
    if not m:
        return None
    raw = (m.group("n") or "one").lower()
    raw = "one" if raw == "another" else raw
    n = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw)
    if n is None:
        return Deadline(m.group(0), None, None, f"'{raw}' is not a number of {m.group('unit') or 'decades'}")
    if ref is None:
        return _undated(m)
    unit = (m.group("unit") or m.group("decade")).lower().rstrip("s")
    if unit == "decade":
        n, unit = n * 10, "year"
    if unit == "year":
        return Deadline(m.group(0), _safe_date(ref.year + n, ref.month, ref.day), "year")
    if unit == "month":
        year, month = _add_months(ref.year, ref.month, n)
        return Deadline(m.group(0), _safe_date(year, month, ref.day), "month")
    days = n * (7 if unit == "week" else 1)
    return Deadline(m.group(0), ref + timedelta(days=days), "day")


def _check(found: Deadline, ref: date | None) -> Deadline:
    if found.day is None or found.rejected:
        return found
    if ref is not None and found.day < ref:
        return Deadline(found.text, None, found.precision,
                        f"{found.day.isoformat()} is before the article's date {ref.isoformat()}")
    if ref is None and found.day.year < 1900:
        return Deadline(found.text, None, found.precision, f"{found.day.year} is too early for a pledge deadline")
    return found


def _undated(m: re.Match[str]) -> Deadline:
    """A relative deadline with no article date to count from: the text kept, the date left empty."""
    return Deadline(m.group(0), None, None, "no publication date to count from")


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + n
    return total // 12, total % 12 + 1


def _safe_date(year: int, month: int, day: int) -> date:
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))
