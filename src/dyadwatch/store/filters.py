"""WHERE clauses built filter by filter, with their values bound (never pasted into the SQL).

Actor filters match CAMEO codes as prefixes: "JPN" matches JPN, JPNGOV, JPNMIL.
"""
from __future__ import annotations

from datetime import date
from typing import Any


class Where:
    def __init__(self, *clauses: str) -> None:
        self.clauses: list[str] = list(clauses)
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> Where:
        self.clauses.append(clause)
        self.params.extend(params)
        return self

    def code_prefix(self, column: str, code: str | None) -> Where:
        if code:
            self.add(f"starts_with({column}, ?)", code.upper())
        return self

    def date_range(self, column: str, since: date | str | None, until: date | str | None) -> Where:
        if since:
            self.add(f"{column} >= ?", since)
        if until:
            self.add(f"{column} <= ?", until)
        return self

    @property
    def sql(self) -> str:
        return " AND ".join(self.clauses) or "TRUE"
