"""Writing and reading pledges (the `pledges` table, created by migration m010; restatements and the
commitment flag by m040)."""
from __future__ import annotations

from typing import Any

import duckdb

from dyadwatch.errors import StoreError
from dyadwatch.records import Pledge
from dyadwatch.store.schema import COMMITMENT_OF_OLD_ROWS

PLEDGE_COLUMNS = [
    "pledge_id", "event_id", "doc_id", "version", "actor", "actor_text", "kind", "what", "sentence",
    "sentence_index", "addressee", "amount_text", "amount_value", "amount_currency", "amount_unit",
    "amount_qualifier", "amount_usd", "amount_usd_rate_year", "deadline", "deadline_text",
    "deadline_precision", "deadline_rejected", "topics", "condition", "condition_sentence", "status",
    "url", "published", "mentions", "mention_indices", "commitment",
]


def pledge_row(pledge: Pledge, version: int) -> list[Any]:
    """One `pledges` row: the Pledge with its Amount flattened into amount_* columns."""
    a = pledge.amount
    return [
        pledge.pledge_id, pledge.event_id, pledge.doc_id, version, pledge.actor, pledge.actor_text,
        pledge.kind, pledge.what, pledge.sentence, pledge.sentence_index, pledge.addressee,
        a.text if a else None, a.value if a else None, a.currency if a else None, a.unit if a else None,
        a.qualifier if a else None, a.usd if a else None, a.usd_rate_year if a else None,
        pledge.deadline, pledge.deadline_text, pledge.deadline_precision, pledge.deadline_rejected,
        list(pledge.topics), pledge.condition, pledge.condition_sentence, pledge.status, pledge.url,
        pledge.published, list(pledge.mentions), list(pledge.mention_indices), pledge.commitment,
    ]


def write_pledges(con: duckdb.DuckDBPyConnection, doc_id: str, version: int, pledges: list[Pledge]) -> int:
    """Replace the pledges of one document with these (called inside the writer's transaction).

    Pledges of earlier versions of the document are removed: a new version supersedes them. Returns
    rows written.
    """
    placeholders = ", ".join("?" for _ in PLEDGE_COLUMNS)
    try:
        con.execute("DELETE FROM pledges WHERE doc_id = ?", [doc_id])
        rows = [pledge_row(p, version) for p in pledges]
        if rows:
            con.executemany(
                f"INSERT INTO pledges ({', '.join(PLEDGE_COLUMNS)}) VALUES ({placeholders})", rows
            )
    except duckdb.Error as exc:
        raise StoreError(f"pledges of document {doc_id} v{version}: cannot write: {exc}") from exc
    return len(pledges)


def read_pledges(con: duckdb.DuckDBPyConnection, actor: str | None = None,
                 commitments_only: bool = False) -> list[dict[str, Any]]:
    """All pledges (latest version of each document), optionally of one actor, optionally only the
    commitments (what `dyadwatch pledges` lists by default).

    `actor` matches as a code prefix: "JPN" matches JPN, JPNGOV, JPNMIL.
    """
    sql = "SELECT * FROM pledges"
    where, params = [], []
    if actor:
        where.append("actor LIKE ?")
        params.append(actor.upper() + "%")
    if commitments_only:
        columns = {row[0] for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'pledges'").fetchall()}
        # a database opened read-only before migration m040 has no `commitment` column: judge its rows as
        # the migration does
        where.append("commitment" if "commitment" in columns else COMMITMENT_OF_OLD_ROWS)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY published NULLS LAST, doc_id, sentence_index, pledge_id"
    cur = con.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [_plain(dict(zip(names, row))) for row in cur.fetchall()]


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    row["topics"] = list(row.get("topics") or [])
    row["mentions"] = list(row.get("mentions") or [])
    row["mention_indices"] = list(row.get("mention_indices") or [])
    return row
