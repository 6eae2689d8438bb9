"""Request parameters shared by the API and the pages, each bounded where it is declared.

Every number has a range, every code a pattern, every day a span and every id a length, so a hostile
value (a 40-digit version, a year 0, a 10,000-character code) is a 422 that names the parameter,
never a value the database cannot hold.
"""
from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Literal

from fastapi import Path, Query
from pydantic import AfterValidator

from dyadwatch.serve.queries import MAX_LIMIT

MAX_OFFSET = 10**9  # rows to skip: far past any page a store holds, well inside BIGINT
MAX_VERSION = 2**31 - 1  # documents.version is an INTEGER column
MAX_COUNT = 10**9  # thresholds on numbers of events
ACTOR_LOOKUP_MAX = 100  # autocompletion never needs more
FIRST_DAY = date(1800, 1, 1)  # news-based event data: earlier or later days are typing mistakes
LAST_DAY = date(2199, 12, 31)
CODE_CHARS = "A-Za-z0-9-"  # CAMEO actor codes: JPN, JPNGOV, ---GOV, IGOUNO (matched case-insensitively)
OPTIONAL_CODE = rf"^\s*[{CODE_CHARS}]*\s*$"
REQUIRED_CODE = rf"^\s*[{CODE_CHARS}]+\s*$"
ID_MAX = 128  # document ids are 64 hex digits, event ids 24; agreement ids are short names


def _actor_code(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(OPTIONAL_CODE, value):
        raise ValueError(f"{value[:40]!r} is not an actor code (letters, digits and '-', e.g. FRA or FRAGOV)")
    return value


def _required_code(value: str) -> str:
    if not re.fullmatch(REQUIRED_CODE, value):
        raise ValueError(f"{value[:40]!r} is not an actor code (letters, digits and '-', e.g. FRA or FRAGOV)")
    return value


def _day_in_span(day: date | None) -> date | None:
    if day is not None and not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"{day.isoformat()} is outside {FIRST_DAY.isoformat()}..{LAST_DAY.isoformat()}")
    return day


def _time_in_span(moment: datetime | None) -> datetime | None:
    if moment is not None:
        _day_in_span(moment.date())
    return moment


_SPAN = f"between {FIRST_DAY.isoformat()} and {LAST_DAY.isoformat()}"
Since = Annotated[date | None, AfterValidator(_day_in_span),
                  Query(description=f"First day (YYYY-MM-DD), inclusive, {_SPAN}")]
Until = Annotated[date | None, AfterValidator(_day_in_span),
                  Query(description=f"Last day (YYYY-MM-DD), inclusive, {_SPAN}")]
SinceTime = Annotated[datetime | None, AfterValidator(_time_in_span),
                      Query(description="Stored at or after this time (YYYY-MM-DDTHH:MM[:SS], the database's "
                                        "local time unless a zone is given, or a day YYYY-MM-DD)")]
RoundId = Annotated[int | None, Query(ge=1, le=2**62, description="Stored in this watcher round or later")]
ActorList = Annotated[str | None, Query(max_length=400, pattern=r"^[A-Za-z0-9, -]*$",
                                        description="Watched actors, comma-separated code prefixes: JPN,USA,CHN")]

# Codes are checked by a validator (a message a reader understands) and documented with their pattern.
Code = Annotated[str | None, AfterValidator(_actor_code),
                 Query(max_length=64, json_schema_extra={"pattern": OPTIONAL_CODE},
                       description="Actor code or prefix, e.g. FRA or FRAGOV")]
RequiredCode = Annotated[str, AfterValidator(_required_code),
                         Query(max_length=64, json_schema_extra={"pattern": REQUIRED_CODE},
                               description="Actor code or prefix, e.g. FRA")]
PageCode = Annotated[str, AfterValidator(_actor_code),
                     Query(max_length=64, json_schema_extra={"pattern": OPTIONAL_CODE},
                           description="Actor code or prefix")]
Role = Annotated[str | None, AfterValidator(_actor_code),
                 Query(max_length=16, json_schema_extra={"pattern": OPTIONAL_CODE},
                       description="Actor role on either side, e.g. GOV")]
Cameo = Annotated[str | None, Query(pattern=r"^[0-9]{2,4}$", description="CAMEO code, e.g. 036")]
Root = Annotated[str | None, Query(pattern=r"^[0-9]{2}$", description="CAMEO root, e.g. 03")]
Quad = Annotated[int | None, Query(ge=1, le=4, description="1 verbal coop .. 4 material conflict")]
Text = Annotated[str | None, Query(max_length=200, description="Text in the sentence")]
Cursor = Annotated[str | None, Query(max_length=400, description="next_cursor of the previous page")]
Level = Annotated[Literal["country", "actor"], Query(description="Group actors by country or full code")]

Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"Page size, 1..{MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip")]
EventCount = Annotated[int, Query(ge=0, le=MAX_LIMIT,
                                  description=f"Also return up to this many events (0..{MAX_LIMIT})")]
MinEvents = Annotated[int, Query(ge=1, le=MAX_COUNT, description="Leave out dyads with fewer events")]
Headlines = Annotated[bool, Query(description="Count events coded from headlines too (left out by default)")]
LookupLimit = Annotated[int, Query(ge=1, le=ACTOR_LOOKUP_MAX, description=f"At most {ACTOR_LOOKUP_MAX}")]
Version = Annotated[int | None, Query(ge=1, le=MAX_VERSION, description="Document version (latest by default)")]

DocId = Annotated[str, Path(min_length=1, max_length=ID_MAX, description="Document id")]
EventId = Annotated[str, Path(min_length=1, max_length=ID_MAX, description="Event id")]
AgreementId = Annotated[str, Path(min_length=1, max_length=ID_MAX, description="Agreement register id")]
OptionalId = Annotated[str | None, Query(max_length=ID_MAX)]
