"""Exports: GDELT 2.0 event + mentions tables (tab-separated), Parquet, CSV and JSONL.

`parquet_tables(con)` is the one table->schema definition (documents, events, mentions, pledges) that
the Parquet/CSV/JSONL exports and the Spark job share. GDELT rows are event clusters (one real-world
event, however many articles reported it); its mentions table lists every report.
"""
from __future__ import annotations

import csv
import json
import math
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from dyadwatch.errors import ExportError
from dyadwatch.store.event_query import events_view

FORMATS = ("gdelt", "parquet", "csv", "jsonl")

_ACTOR = ["Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code", "Religion2Code",
          "Type1Code", "Type2Code", "Type3Code"]
_GEO = [("Type", "INTEGER"), ("FullName", "VARCHAR"), ("CountryCode", "VARCHAR"), ("ADM1Code", "VARCHAR"),
        ("ADM2Code", "VARCHAR"), ("Lat", "DOUBLE"), ("Long", "DOUBLE"), ("FeatureID", "VARCHAR")]

# GDELT 2.0 event table: its 61 columns, in order, with their types.
GDELT_EVENT_COLUMNS: list[tuple[str, str]] = (
    [("GlobalEventID", "BIGINT"), ("Day", "INTEGER"), ("MonthYear", "INTEGER"), ("Year", "INTEGER"),
     ("FractionDate", "DOUBLE")]
    + [(f"Actor1{c}", "VARCHAR") for c in _ACTOR]
    + [(f"Actor2{c}", "VARCHAR") for c in _ACTOR]
    + [("IsRootEvent", "INTEGER"), ("EventCode", "VARCHAR"), ("EventBaseCode", "VARCHAR"),
       ("EventRootCode", "VARCHAR"), ("QuadClass", "INTEGER"), ("GoldsteinScale", "DOUBLE"),
       ("NumMentions", "INTEGER"), ("NumSources", "INTEGER"), ("NumArticles", "INTEGER"), ("AvgTone", "DOUBLE")]
    + [(f"{who}Geo_{c}", t) for who in ("Actor1", "Actor2", "Action") for c, t in _GEO]
    + [("DATEADDED", "BIGINT"), ("SOURCEURL", "VARCHAR")]
)
# GDELT 2.0 mentions table.
GDELT_MENTION_COLUMNS: list[tuple[str, str]] = [
    ("GlobalEventID", "BIGINT"), ("EventTimeDate", "BIGINT"), ("MentionTimeDate", "BIGINT"),
    ("MentionType", "INTEGER"), ("MentionSourceName", "VARCHAR"), ("MentionIdentifier", "VARCHAR"),
    ("SentenceID", "INTEGER"), ("Actor1CharOffset", "INTEGER"), ("Actor2CharOffset", "INTEGER"),
    ("ActionCharOffset", "INTEGER"), ("InRawText", "INTEGER"), ("Confidence", "INTEGER"),
    ("MentionDocLen", "INTEGER"), ("MentionDocTone", "DOUBLE"), ("MentionDocTranslationInfo", "VARCHAR"),
    ("Extras", "VARCHAR"),
]
GROUP_PREFIXES = ("IGO", "NGO", "MNC", "NGM")
GDELT_FILES = {"events": "dyadwatch.export.CSV", "mentions": "dyadwatch.mentions.CSV"}
GDELT_LOADER = "load.sql"

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("doc_id", pa.string()), ("version", pa.int32()), ("content_hash", pa.string()), ("path", pa.string()),
        ("url", pa.string()), ("title", pa.string()), ("published", pa.date32()),
        ("published_basis", pa.string()), ("window_earliest", pa.date32()), ("window_latest", pa.date32()),
        ("source", pa.string()), ("language", pa.string()), ("text", pa.string()),
    ]),
    "events": pa.schema([
        ("event_id", pa.string()), ("cluster_id", pa.string()), ("doc_id", pa.string()), ("version", pa.int32()),
        ("event_day", pa.date32()), ("sentence_index", pa.int32()), ("sentence", pa.string()),
        ("source", pa.string()), ("source_text", pa.string()), ("source_country", pa.string()),
        ("source_role", pa.string()), ("target", pa.string()), ("target_text", pa.string()),
        ("target_country", pa.string()), ("target_role", pa.string()), ("cameo", pa.string()),
        ("cameo_root", pa.string()), ("quad_class", pa.int8()), ("goldstein", pa.float64()),
        ("plover", pa.string()), ("verb_text", pa.string()), ("negated", pa.bool_()), ("mode", pa.string()),
        ("agreements", pa.list_(pa.string())), ("num_mentions", pa.int32()), ("num_sources", pa.int32()),
        ("num_articles", pa.int32()), ("outlet", pa.string()), ("url", pa.string()),
        ("target_origin", pa.string()), ("score", pa.float64()), ("headline", pa.bool_()),
    ]),
    "mentions": pa.schema([
        ("cluster_id", pa.string()), ("event_id", pa.string()), ("doc_id", pa.string()), ("outlet", pa.string()),
        ("url", pa.string()), ("event_day", pa.date32()), ("sentence_index", pa.int32()),
        ("similarity", pa.float64()),
    ]),
    "pledges": pa.schema([
        ("pledge_id", pa.string()), ("event_id", pa.string()), ("doc_id", pa.string()), ("version", pa.int32()),
        ("actor", pa.string()), ("actor_text", pa.string()), ("kind", pa.string()), ("what", pa.string()),
        ("sentence", pa.string()), ("sentence_index", pa.int32()), ("addressee", pa.string()),
        ("amount_text", pa.string()), ("amount_value", pa.float64()), ("amount_currency", pa.string()),
        ("amount_unit", pa.string()), ("amount_qualifier", pa.string()), ("amount_usd", pa.float64()),
        ("amount_usd_rate_year", pa.int32()), ("deadline", pa.date32()), ("deadline_text", pa.string()),
        ("deadline_precision", pa.string()), ("deadline_rejected", pa.string()), ("topics", pa.list_(pa.string())),
        ("condition", pa.string()), ("condition_sentence", pa.string()), ("status", pa.string()),
        ("url", pa.string()), ("published", pa.date32()),
    ]),
}

_QUERIES = {
    "documents": "SELECT * FROM documents ORDER BY doc_id, version",
    "events": """
        SELECT ce.*, c.cluster_id, s.num_mentions, s.num_sources, s.num_articles
        FROM {events} ce
        LEFT JOIN event_clusters c USING (event_id)
        LEFT JOIN cluster_stats s USING (cluster_id)
        ORDER BY ce.event_day NULLS LAST, ce.doc_id, ce.sentence_index, ce.event_id""",
    "mentions": """
        SELECT c.cluster_id, ce.event_id, ce.doc_id, ce.outlet, ce.url, ce.event_day, ce.sentence_index,
               c.similarity
        FROM event_clusters c JOIN current_events ce USING (event_id)
        ORDER BY c.cluster_id, ce.event_day NULLS LAST, ce.doc_id""",
    "pledges": "SELECT * FROM pledges ORDER BY published NULLS LAST, doc_id, sentence_index",
}


def parquet_tables(con: duckdb.DuckDBPyConnection, include_headlines: bool = False) -> dict[str, pa.Table]:
    """documents, events (with cluster counts), mentions and pledges as Arrow tables of fixed schemas.
    Event clusters are read as stored: the run brings them up to date (`run.update_derived`). Events
    coded from headlines only with `include_headlines` (they are never clustered)."""
    out = {}
    events = events_view(con, include_headlines)
    for name, schema in SCHEMAS.items():
        cur = con.execute(_QUERIES[name].replace("{events}", events))
        names = [d[0] for d in cur.description]
        rows = [dict(zip(names, r)) for r in cur.fetchall()]
        out[name] = pa.Table.from_pylist([{f.name: r.get(f.name) for f in schema} for r in rows], schema=schema)
    return out


def export(con: duckdb.DuckDBPyConnection, fmt: str, output: str | Path, *, force: bool = False,
           include_headlines: bool = False) -> dict[str, Any]:
    """Write the database in `fmt` into directory `output`; returns {"files": [...], "rows": {...}}.
    Headline events only with `include_headlines`, and never in GDELT's tables (event clusters)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    out = Path(output)
    if out.exists() and not force:
        raise ExportError(f"{out}: already exists - use --force to overwrite")
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
        if fmt == "gdelt":
            return _write_gdelt(con, out)
        tables = parquet_tables(con, include_headlines)
        files, rows = [], {}
        for name, table in tables.items():
            path = out / f"{name}.{ 'parquet' if fmt == 'parquet' else fmt}"
            if fmt == "parquet":
                pq.write_table(table, path)
            elif fmt == "csv":
                _write_csv(table, path)
            else:
                _write_jsonl(table, path)
            files.append(str(path))
            rows[name] = table.num_rows
        return {"files": files, "rows": rows}
    except OSError as exc:
        raise ExportError(f"{out}: cannot write export: {exc}") from exc


def _write_csv(table: pa.Table, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(table.column_names)
        for row in table.to_pylist():
            w.writerow([_flat(v) for v in row.values()])


def _write_jsonl(table: pa.Table, path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for row in table.to_pylist():
            fh.write(json.dumps(row, default=_json_default, ensure_ascii=False) + "\n")


def _flat(v: Any) -> Any:
    if isinstance(v, list):
        return ";".join(str(x) for x in v)
    if isinstance(v, date):
        return v.isoformat()
    return "" if v is None else v


def _json_default(v: Any) -> Any:
    if isinstance(v, date | datetime):
        return v.isoformat()
    raise TypeError(type(v))


# --- GDELT -----------------------------------------------------------------------------------------

def gdelt_id(cluster_id: str) -> int:
    """A stable 60-bit integer id from a hex cluster id."""
    return int(cluster_id[:15], 16)


def gdelt_event_rows(con: duckdb.DuckDBPyConnection) -> tuple[list[list[Any]], list[list[Any]]]:
    """(event rows, mention rows) in GDELT 2.0 column order (event clusters as stored)."""
    cur = con.execute(
        """
        SELECT ce.*, c.cluster_id, c.similarity, s.num_mentions, s.num_sources, s.num_articles,
               d.ingested_at, length(d.text) AS doc_len,
               (strpos(d.text, chr(10)) = 0 OR ce.sentence_start < strpos(d.text, chr(10))) AS first_paragraph
        FROM current_events ce
        JOIN event_clusters c USING (event_id)
        JOIN cluster_stats s USING (cluster_id)
        JOIN documents d ON d.doc_id = ce.doc_id AND d.version = ce.version
        ORDER BY c.cluster_id, ce.event_day NULLS LAST, d.ingested_at, ce.doc_id, ce.sentence_index
        """
    )
    names = [d[0] for d in cur.description]
    events, mentions, first = [], [], {}
    for row in (dict(zip(names, r)) for r in cur.fetchall()):
        cid = row["cluster_id"]
        if cid not in first:
            first[cid] = row
            events.append(_gdelt_event(row))
        head = first[cid]
        mentions.append([
            gdelt_id(cid), _stamp(head["ingested_at"]), _stamp(row["ingested_at"]), 1, row["outlet"],
            row["url"] or row["doc_id"], row["sentence_index"] + 1, _offset(row["source_start"]),
            _offset(row["target_start"]), _offset(row["verb_start"]), 0 if row["source_resolved_from"] else 1,
            int(round(row["similarity"] if row["similarity"] is not None else 100)), row["doc_len"],
            None, None, None,
        ])
    return events, mentions


def _gdelt_event(r: dict[str, Any]) -> list[Any]:
    day: date | None = r["event_day"]
    values = [
        gdelt_id(r["cluster_id"]),
        int(day.strftime("%Y%m%d")) if day else None,
        int(day.strftime("%Y%m")) if day else None,
        day.year if day else None,
        round(day.year + (day.timetuple().tm_yday - 1) / 365, 4) if day else None,
    ]
    for who in ("source", "target"):
        code = r[who] or ""
        name = (r[f"{who}_name"] or r[f"{who}_text"] or "").replace("_", " ").upper() or None
        if code[:3] in GROUP_PREFIXES:  # IGOUNO: a known group, no country
            values += [code or None, name, None, code[3:6] or None, None, None, None, code[:3],
                       code[6:9] or None, code[9:12] or None]
            continue
        values += [
            code or None, name,
            r[f"{who}_country"] if r[f"{who}_country"] and r[f"{who}_country"] not in GROUP_PREFIXES
            else (code[:3] if len(code) >= 3 and code[:3] != "---" else None),
            None, None, None, None,
            r[f"{who}_role"] or (code[3:6] or None), code[6:9] or None, code[9:12] or None,
        ]
    values += [
        1 if r["first_paragraph"] else 0, r["cameo"], r["cameo"][:3], r["cameo_root"], r["quad_class"],
        r["goldstein"], r["num_mentions"], r["num_sources"], r["num_articles"], None,
    ]
    values += [None] * 24  # geography: not coded yet
    values += [_stamp(r["ingested_at"]), r["url"]]
    return values


def _stamp(ts: datetime | None) -> int | None:
    return int(ts.strftime("%Y%m%d%H%M%S")) if ts else None


def _offset(v: int | None) -> int:
    return -1 if v is None else int(v)


def _write_gdelt(con: duckdb.DuckDBPyConnection, out: Path) -> dict[str, Any]:
    events, mentions = gdelt_event_rows(con)
    files = []
    for name, rows in (("events", events), ("mentions", mentions)):
        path = out / GDELT_FILES[name]
        with path.open("w", encoding="utf-8", newline="") as fh:
            for row in rows:
                fh.write("\t".join(_gdelt_cell(v) for v in row) + "\n")
        files.append(str(path))
    loader = out / GDELT_LOADER
    loader.write_text(gdelt_load_script(), encoding="utf-8")
    files.append(str(loader))
    return {"files": files, "rows": {"events": len(events), "mentions": len(mentions)}}


def gdelt_load_script() -> str:
    """DuckDB SQL that loads the two GDELT files (named relative to the export folder) as tables
    `events` and `mentions`, with GDELT's column names and types (the files have no header row)."""
    return (
        "-- Load this GDELT 2.0 export into DuckDB with GDELT's column names and types.\n"
        f"-- From this folder: duckdb gdelt.duckdb < {GDELT_LOADER}\n"
        f"CREATE OR REPLACE TABLE events AS SELECT * FROM {gdelt_read_sql(GDELT_FILES['events'])};\n"
        f"CREATE OR REPLACE TABLE mentions AS SELECT * FROM {gdelt_read_sql(GDELT_FILES['mentions'], 'mentions')};\n"
    )


def _gdelt_cell(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    return str(v).replace("\t", " ").replace("\n", " ").replace("\r", " ")


def gdelt_read_sql(path: str | Path, table: str = "events") -> str:
    """A DuckDB `read_csv(...)` expression that loads a GDELT export file with GDELT's names and types."""
    cols = GDELT_EVENT_COLUMNS if table == "events" else GDELT_MENTION_COLUMNS
    spec = ", ".join(f"'{n}': '{t}'" for n, t in cols)
    quoted = Path(path).as_posix().replace("'", "''")
    return (f"read_csv('{quoted}', delim='\\t', header=false, quote='', escape='', "
            f"columns={{{spec}}})")
