"""Score the coder on PLOVER gold-standard records (PLOVER_GSR_CAMEO JSON).

Each record has a sentence (`text`), one expected PLOVER `event` type, and `source`/`target` actor
lists ({"actorText", "code" (country or IGO), "sector"}). DOCUMENT records are notes, not events, and
are skipped. For every record we code the sentence with `coder.code_sentence(text, published)` and
measure:

- event-type recall: records whose expected type is among the coded events' PLOVER types;
- event-type precision: coded (record, type) pairs that are the expected type;
- dyad agreement, on records whose type was found: the coded source's country is one of the
  expected sources' codes, and likewise for the target (when the record has one).

The gold file (2016) was coded with PLOVER v0.5 categories; the coder uses the 2021 categories
(CAMEO2PLOVER-2021.txt). The PLOVER manual's "CAMEO to PLOVER translation" table says which old
categories were renamed or merged: DEMAND -> REQUEST, DISAPPROVE and INVESTIGATE -> ACCUSE, FIGHT
(CAMEO 19) -> ASSAULT. Gold types are translated with that table before scoring (`GOLD_TO_CURRENT`);
the untranslated ("strict") recall is reported too.
"""
from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from dyadwatch.errors import InputError
from dyadwatch.records import ActorRef, Event

CodeFn = Callable[[str, date | None], list[Event]]

# PLOVER v0.5 (2016 gold records) -> PLOVER 2021 categories, from the PLOVER manual's
# "CAMEO to PLOVER translation" table (09 INVESTIGATE, 10 DEMAND, 11 DISAPPROVE, 19 FIGHT).
GOLD_TO_CURRENT = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}


def packaged_path() -> Path:
    return Path(str(resources.files("dyadwatch").joinpath("data/plover/PLOVER_GSR_CAMEO.dev.json")))


@dataclass(slots=True)
class GoldActor:
    text: str
    code: str  # "USA", "IGO", ...
    sector: str = ""


@dataclass(slots=True)
class GoldRecord:
    id: str
    event: str
    text: str
    day: date | None
    sources: list[GoldActor]
    targets: list[GoldActor]
    mode: str = ""
    context: str = ""


def _actors(value: Any, where: str, field_name: str) -> list[GoldActor]:
    if value in (None, ""):
        return []
    if not isinstance(value, list):
        raise InputError(where, f"{field_name} must be a list of actors, not {type(value).__name__}")
    actors = []
    for item in value:
        if not isinstance(item, dict) or "code" not in item:
            raise InputError(where, f"{field_name} entry without a code: {item!r}")
        actors.append(GoldActor(str(item.get("actorText", "")), str(item["code"]).strip(), str(item.get("sector") or "")))
    return actors


def _day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _clean_text(text: str) -> str:
    """The gold text without the braces some records wrap around the sentence."""
    return " ".join(text.replace("{", " ").replace("}", " ").split())


def read_gold(path: str | Path) -> tuple[list[GoldRecord], int]:
    """(event records, number of DOCUMENT records skipped). InputError names file and record."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise InputError(str(path), f"not JSON: {exc.msg} at line {exc.lineno}") from exc
    if not isinstance(data, list):
        raise InputError(str(path), "expected a JSON list of PLOVER records")
    records: list[GoldRecord] = []
    skipped = 0
    for number, item in enumerate(data, start=1):
        where = f"{path}#{item.get('id', number) if isinstance(item, dict) else number}"
        if not isinstance(item, dict):
            raise InputError(where, "record is not a JSON object")
        if item.get("event") == "DOCUMENT":
            skipped += 1
            continue
        if not item.get("event") or not item.get("text"):
            raise InputError(where, "record needs 'event' and 'text'")
        records.append(
            GoldRecord(
                id=str(item.get("id", number)),
                event=str(item["event"]).strip().upper(),
                text=_clean_text(str(item["text"])),
                day=_day(item.get("date")),
                sources=_actors(item.get("source"), where, "source"),
                targets=_actors(item.get("target"), where, "target"),
                mode=str(item.get("mode") or ""),
                context=str(item.get("context") or ""),
            )
        )
    return records, skipped


def _country(ref: ActorRef | None) -> str | None:
    if ref is None:
        return None
    if ref.code.startswith("IGO") or ref.code.startswith("NGO"):
        return ref.code[:3]
    return ref.country or (ref.code[:3] if ref.code else None)


@dataclass(slots=True)
class PloverReport:
    records: int = 0
    skipped_documents: int = 0
    tp: int = 0  # records whose expected type was coded (gold translated to current PLOVER)
    strict_tp: int = 0  # ... without translating the gold type
    predicted: int = 0  # distinct (record, type) pairs coded
    correct_predicted: int = 0
    with_events: int = 0
    per_type: dict[str, Counter] = field(default_factory=dict)  # type -> Counter(n, found)
    confusion: Counter = field(default_factory=Counter)  # (expected, coded) for misses
    dyad_n: int = 0
    source_match: int = 0
    target_n: int = 0
    target_match: int = 0
    both_match: int = 0
    seconds: float = 0.0
    details: list[dict[str, Any]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.tp / self.records if self.records else 0.0

    @property
    def precision(self) -> float:
        return self.correct_predicted / self.predicted if self.predicted else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self, verbose: bool = False) -> dict[str, Any]:
        def rate(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        out: dict[str, Any] = {
            "records": self.records,
            "skipped_documents": self.skipped_documents,
            "event_type": {
                "recall": round(self.recall, 4),
                "precision": round(self.precision, 4),
                "strict_recall": rate(self.strict_tp, self.records),
                "gold_translation": GOLD_TO_CURRENT,
                "f1": round(self.f1, 4),
                "found": self.tp,
                "coded_types": self.predicted,
                "coded_correct": self.correct_predicted,
            },
            "records_with_any_event": self.with_events,
            "dyad": {
                "records_scored": self.dyad_n,
                "source_agreement": rate(self.source_match, self.dyad_n),
                "target_agreement": rate(self.target_match, self.target_n),
                "both_agreement": rate(self.both_match, self.dyad_n),
            },
            "per_type": {
                t: {"records": c["n"], "found": c["found"], "recall": rate(c["found"], c["n"])}
                for t, c in sorted(self.per_type.items())
            },
            "confusion": [
                {"expected": e, "coded": g, "count": n} for (e, g), n in self.confusion.most_common()
            ],
            "seconds_per_sentence": round(self.seconds / self.records, 4) if self.records else 0.0,
        }
        if verbose:
            out["details"] = self.details
        return out


def _dyad_match(record: GoldRecord, event: Event) -> tuple[bool, bool | None]:
    source_codes = {a.code[:3] for a in record.sources}
    target_codes = {a.code[:3] for a in record.targets}
    source_ok = _country(event.source) in source_codes
    # Compound actors ("X and Y agreed") put every party in source; either side may be coded target.
    if not source_ok and not target_codes and event.target is not None:
        source_ok = _country(event.target) in source_codes
    if not target_codes:
        return source_ok, None
    return source_ok, _country(event.target) in target_codes


def score_records(records: Iterable[GoldRecord], code: CodeFn, skipped_documents: int = 0) -> PloverReport:
    """Code every record's sentence with `code(text, day)` and score types and dyads."""
    report = PloverReport(skipped_documents=skipped_documents)
    started = time.perf_counter()
    for record in records:
        report.records += 1
        events = [e for e in code(record.text, record.day) if not e.negated]
        types = list(dict.fromkeys(e.plover for e in events if e.plover))
        expected = GOLD_TO_CURRENT.get(record.event, record.event)
        label = record.event if expected == record.event else f"{record.event}->{expected}"
        counts = report.per_type.setdefault(label, Counter())
        counts["n"] += 1
        report.with_events += bool(events)
        report.predicted += len(types)
        found = expected in types
        report.strict_tp += record.event in types
        detail: dict[str, Any] = {
            "id": record.id,
            "gold": record.event,
            "expected": expected,
            "coded": types,
            "text": record.text,
            "events": [
                {"plover": e.plover, "cameo": e.cameo, "source": e.source.code if e.source else None,
                 "target": e.target.code if e.target else None, "verb": e.verb_text}
                for e in events
            ],
        }
        if found:
            report.tp += 1
            report.correct_predicted += 1
            counts["found"] += 1
            event = next(e for e in events if e.plover == expected)
            source_ok, target_ok = _dyad_match(record, event)
            report.dyad_n += 1
            report.source_match += source_ok
            if target_ok is not None:
                report.target_n += 1
                report.target_match += target_ok
            report.both_match += source_ok and target_ok is not False
            detail["source_ok"], detail["target_ok"] = source_ok, target_ok
        else:
            for coded in types or ["(none)"]:
                report.confusion[(expected, coded)] += 1
        report.details.append(detail)
    report.seconds = time.perf_counter() - started
    return report


def evaluate_plover(path: str | Path | None, coder: Any) -> PloverReport:
    """Read the gold file (the packaged dev set when `path` is None) and score `coder.code_sentence`."""
    records, skipped = read_gold(path or packaged_path())
    return score_records(records, coder.code_sentence, skipped)
