"""CAMEO code tables: names, Goldstein values (GDELT's table), QuadClass, PLOVER type."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.errors import DictionaryError
from dyadwatch.settings import DATA_DIR


def quad_class(code: str) -> int:
    """From the root: 01-05 verbal cooperation (1), 06-08 material cooperation (2), 09-13 verbal
    conflict (3), 14-20 material conflict (4)."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    if root <= 13:
        return 3
    return 4


@dataclass(slots=True)
class CameoTables:
    names: dict[str, str] = field(default_factory=dict)
    goldstein: dict[str, float] = field(default_factory=dict)
    plover: dict[str, str] = field(default_factory=dict)
    intents: dict[str, str] = field(default_factory=dict)  # act -> code of announcing it (03x / 13x)
    refusals: dict[str, str] = field(default_factory=dict)  # act -> code of refusing it (12x)

    @classmethod
    def load(cls, data_dir: Path = DATA_DIR) -> CameoTables:
        tables = cls()
        tables.names = _read_tsv(data_dir / "cameo" / "CAMEO.eventcodes.txt")
        tables.goldstein = {k: float(v) for k, v in _read_tsv(data_dir / "cameo" / "CAMEO.goldsteinscale.txt").items()}
        for code, intent, refusal in _read_columns(data_dir / "cameo" / "intent_codes.tsv", 3):
            if intent:
                tables.intents[code] = intent
            if refusal:
                tables.refusals[code] = refusal
        path = data_dir / "plover" / "CAMEO2PLOVER-2021.txt"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            match = re.match(r"^(\d{2,4}):\s*([A-Z_]+)", line)
            if match:
                tables.plover[match.group(1)] = match.group(2)
            elif line.strip() and not line.startswith("#") and re.match(r"^\d", line):
                raise DictionaryError(str(path), number, f"cannot read PLOVER mapping {line!r}")
        return tables

    def is_code(self, code: str) -> bool:
        return bool(re.fullmatch(r"\d{2,4}", code)) and 1 <= int(code[:2]) <= 20

    def normalise(self, code: str) -> str:
        """A dictionary code as a known CAMEO code: fall back to its most specific known parent."""
        for cut in range(len(code), 1, -1):
            if code[:cut] in self.goldstein:
                return code[:cut]
        return code

    def goldstein_of(self, code: str) -> float:
        for cut in range(len(code), 1, -1):
            if code[:cut] in self.goldstein:
                return self.goldstein[code[:cut]]
        return 0.0

    def plover_of(self, code: str) -> str | None:
        for cut in range(len(code), 1, -1):
            if code[:cut] in self.plover:
                return self.plover[code[:cut]]
        return None

    def intent_of(self, code: str) -> str | None:
        """The code of announcing or planning the act `code` ('would meet' -> 036, 'will attack' ->
        138), from its most specific listed prefix; None for acts with no such code."""
        return _by_prefix(self.intents, code)

    def refusal_of(self, code: str) -> str | None:
        """The code of refusing the cooperative act `code` ('refused to release' -> 1243); None for
        acts whose refusal is no rejection (conflict: 'will not attack' is an assurance)."""
        return _by_prefix(self.refusals, code)

    def name_of(self, code: str) -> str:
        return self.names.get(code, "")


def _read_tsv(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number == 1 or not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) < 2:
            raise DictionaryError(str(path), number, "expected two tab-separated columns")
        out[parts[0].strip()] = parts[1].strip()
    return out


def _by_prefix(table: dict[str, str], code: str) -> str | None:
    for cut in range(len(code), 1, -1):
        if code[:cut] in table:
            return table[code[:cut]]
    return None


def _read_columns(path: Path, width: int) -> list[tuple[str, ...]]:
    """Rows of a tab-separated table with a header line, padded to `width` columns."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if number == 1 or not line.strip():
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) < 2 or len(parts) > width:
            raise DictionaryError(str(path), number, f"expected 2 to {width} tab-separated columns")
        out.append(tuple(parts + [""] * (width - len(parts))))
    return out
