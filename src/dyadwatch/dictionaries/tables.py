"""Reading the project's CSV data tables (leaders, agreement register) with errors that name file and line."""
from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path

from dyadwatch.errors import DictionaryError


def read_csv_table(path: Path, what: str, required: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line number, row) for every row; DictionaryError if the file cannot be read or lacks a column."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as exc:
        raise DictionaryError(str(path), 0, f"cannot read {what}: {exc.strerror}") from exc
    with handle:
        reader = csv.DictReader(handle)
        absent = [c for c in required if c not in (reader.fieldnames or [])]
        if absent:
            raise DictionaryError(str(path), 1, f"missing column(s): {', '.join(absent)}")
        for row in reader:
            yield reader.line_num, row
