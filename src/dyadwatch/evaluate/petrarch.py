"""Score the coder on PETRARCH validation records (PETR.UnitTest.records.xml format).

Each <Sentence> has <Text> (we code the text, ignoring the Penn <Parse>), a date, a category, and
<EventCoding sourcecode= targetcode= eventcode=> lines, or noevents="True". We score expected
(source, target, code) triples: a null target is written '---'.
"""
from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from dyadwatch.errors import InputError


@dataclass(slots=True)
class Record:
    id: str
    category: str
    day: date | None
    text: str
    expected: list[tuple[str, str, str]]


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass(slots=True)
class Report:
    total: Score = field(default_factory=Score)
    categories: dict[str, Score] = field(default_factory=dict)
    records: int = 0
    seconds: float = 0.0
    misses: list[dict] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)
    environment: dict[str, list[str]] = field(default_factory=dict)

    def as_dict(self, verbose: bool = False) -> dict:
        out = {"records": self.records, **self.total.as_dict(),
               "seconds_per_sentence": round(self.seconds / max(1, self.records), 4),
               "categories": {k: v.as_dict() for k, v in sorted(self.categories.items())},
               "dictionaries": self.environment}
        if verbose:
            out["misses"] = self.misses
            out["extras"] = self.extras
        return out


def read_records(path: str | Path) -> tuple[dict[str, list[str]], list[Record]]:
    """(environment: {'verbs': [...], 'actors': [...], ...}, records)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    # the file is XML-like but its comments/bare '&' break strict parsers: read per <Sentence>
    env: dict[str, list[str]] = {}
    env_match = re.search(r"<Environment>(.*?)</Environment>", text, re.S)
    if env_match:
        tags = (("Verbfile", "verbs"), ("Actorfile", "actors"), ("Agentfile", "agents"), ("Discardfile", "discards"))
        for tag, key in tags:
            env[key] = [m.strip() for m in re.findall(rf"<{tag}>(.*?)</{tag}>", env_match.group(1))]
    records: list[Record] = []
    for number, match in enumerate(re.finditer(r"<Sentence\b(.*?)>(.*?)</Sentence>", text, re.S), start=1):
        attrs, body = match.group(1), match.group(2)
        try:
            head = ET.fromstring(f"<S {attrs}/>")
        except ET.ParseError as exc:
            raise InputError(f"{path}#sentence{number}", f"bad <Sentence> attributes: {exc}") from exc
        text_match = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not text_match:
            continue
        sentence = " ".join(text_match.group(1).split()).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
        expected: list[tuple[str, str, str]] = []
        for coding in re.findall(r"<EventCoding\s+(.*?)>", body, re.S):
            values = dict(re.findall(r"(\w+)\s*=\s*[\"'](.*?)[\"']", coding.replace('\'"', "'").replace('"\'', "'")))
            if values.get("noevents", "").lower() == "true":
                continue
            if "eventcode" in values:
                expected.append((values.get("sourcecode", "---"), values.get("targetcode", "---"), values["eventcode"]))
        raw_day = head.get("date")
        day = date(int(raw_day[:4]), int(raw_day[4:6]), int(raw_day[6:8])) if raw_day and len(raw_day) == 8 else None
        records.append(Record(head.get("id", f"#{number}"), head.get("category", ""), day, sentence, expected))
    return env, records


def evaluate_records(coder, records: list[Record], environment: dict | None = None) -> Report:
    report = Report(records=len(records), environment=environment or {})
    started = time.perf_counter()
    for record in records:
        events = coder.code_sentence(record.text, record.day)
        got = [(e.source.code if e.source else "---", e.target.code if e.target else "---", e.cameo) for e in events]
        expected = list(dict.fromkeys(record.expected))
        got_set = list(dict.fromkeys(got))
        score = report.categories.setdefault(record.category, Score())
        for triple in expected:
            if triple in got_set:
                score.tp += 1
                report.total.tp += 1
            else:
                score.fn += 1
                report.total.fn += 1
                report.misses.append({"id": record.id, "expected": list(triple), "got": [list(g) for g in got_set],
                                      "text": record.text})
        for triple in got_set:
            if triple not in expected:
                score.fp += 1
                report.total.fp += 1
                report.extras.append({"id": record.id, "extra": list(triple), "text": record.text})
    report.seconds = time.perf_counter() - started
    return report


def evaluate_petrarch(records_path: str | Path, dictionary_dir: str | Path, *, fast_path: bool = True,
                      require_dyad: bool = True) -> Report:
    """Code the records' text with the dictionaries named in their <Environment>, found in dictionary_dir."""
    from dataclasses import replace

    from dyadwatch.dictionaries.loader import Dictionaries
    from dyadwatch.events.coder import Coder
    from dyadwatch.settings import Settings

    env, records = read_records(records_path)
    root = Path(dictionary_dir)
    names = {k: [n for n in v if (root / n).exists()] or None for k, v in env.items()}
    dictionaries = Dictionaries.from_dir(root, **names)
    settings = replace(Settings(), fast_path=fast_path)
    coder = Coder(dictionaries, settings, require_dyad=require_dyad)
    return evaluate_records(coder, records, {k: v or [] for k, v in names.items()})
