"""`dyadwatch code`, `events`, `explain` and `evaluate petrarch`: thin shells over the event coder."""
from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date

import typer
from rich.table import Table

from dyadwatch.cli.common import DbOption, JsonOption, app, console, evaluate_app, fail, warn
from dyadwatch.errors import DictionaryError, DyadwatchError

PublishedOption = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) to resolve actor roles at.")
ActorsOption = typer.Option(None, "--actors", help="Extra actor dictionary (PETRARCH format); repeatable.")
VerbsOption = typer.Option(None, "--verbs", help="Extra verb dictionary (PETRARCH format); repeatable.")
StrictOption = typer.Option(False, "--strict", help="Stop at the first malformed dictionary line.")
EVENT_FIELDS = ["event_id", "path", "url", "title", "published", "sentence_index", "sentence", "source",
                "source_text", "target", "target_text", "cameo", "quad_class", "goldstein", "plover", "negated",
                "mode", "verb_text", "verb_start", "verb_end", "source_start", "source_end", "target_start",
                "target_end", "source_resolved_from", "target_resolved_from", "pattern", "agreements", "target_origin",
                "score", "headline"]


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{option}: '{value}' is not a date (YYYY-MM-DD)", code=2)
    return None


def event_row(event, article=None) -> dict:
    src, tgt = event.source, event.target
    return {
        "event_id": event.event_id, "path": article.path if article else None, "url": article.url if article else None,
        "title": article.title if article else None,
        "published": (event.published or (article.published if article else None)),
        "sentence_index": event.sentence_index, "sentence": event.sentence,
        "source": src.code if src else None, "source_text": src.text if src else None,
        "target": tgt.code if tgt else None, "target_text": tgt.text if tgt else None,
        "cameo": event.cameo, "quad_class": event.quad_class, "goldstein": event.goldstein, "plover": event.plover,
        "negated": event.negated, "mode": event.mode, "verb_text": event.verb_text, "verb_start": event.verb_start,
        "verb_end": event.verb_end, "source_start": src.start if src else None, "source_end": src.end if src else None,
        "target_start": tgt.start if tgt else None, "target_end": tgt.end if tgt else None,
        "source_resolved_from": src.resolved_from if src else None,
        "target_resolved_from": tgt.resolved_from if tgt else None,
        "pattern": event.pattern, "agreements": list(event.agreements),
        "target_origin": event.target_origin, "score": event.score, "headline": event.headline,
    }


def _jsonable(row: dict) -> dict:
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in row.items()}


@app.command()
def code(
    paths: list[str] = typer.Argument(..., help="Files, directories, globs, or '-' for stdin."),
    fmt: str = typer.Option("jsonl", "--format", help="jsonl | table"),
    published: str = PublishedOption,
    actors: list[str] = ActorsOption,
    verbs: list[str] = VerbsOption,
    strict: bool = StrictOption,
    no_fast_path: bool = typer.Option(False, "--no-fast-path", help="Parse every sentence."),
) -> None:
    """Read, clean and code inputs without storing: one event per JSONL line (or a table)."""
    from dyadwatch.run import process_inputs
    from dyadwatch.settings import load_settings

    if fmt not in ("jsonl", "table"):
        fail(f"--format must be jsonl or table, not '{fmt}'", code=2)
    settings = load_settings(published=_date(published, "--published"), actors_files=tuple(actors or ()),
                             verbs_files=tuple(verbs or ()), strict_dictionaries=strict,
                             fast_path=not no_fast_path)
    failed = 0

    def on_error(exc) -> None:
        nonlocal failed
        failed += 1
        warn(str(exc))

    coder = _coder(settings)
    rows: list[dict] = []
    try:
        for processed in process_inputs(list(paths), settings, on_error=on_error, coder=coder):
            for event in processed.events:
                row = _jsonable(event_row(event, processed.article))
                if fmt == "jsonl":
                    sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
                else:
                    rows.append(row)
    except DyadwatchError as exc:
        fail(str(exc))
    if fmt == "table":
        _table(rows)
    raise typer.Exit(1 if failed else 0)


def _coder(settings):
    from dyadwatch.events.coder import Coder

    try:
        coder = Coder.from_settings(settings)
    except DictionaryError as exc:
        fail(f"{exc} (dictionary line malformed; fix it or drop --strict)")
    for problem in coder.dictionaries.problems:
        if any(problem.path.endswith(f) or problem.path == f for f in settings.actors_files + settings.verbs_files):
            warn(f"warning: {problem}")
    return coder


def _table(rows: list[dict]) -> None:
    table = Table("source", "cameo", "target", "quad", "mode", "neg", "sentence")
    for r in rows:
        table.add_row(f"{r['source']} ({r['source_text']})", str(r["cameo"]),
                      f"{r['target']} ({r['target_text']})" if r["target"] else "-", str(r["quad_class"]),
                      r["mode"], "yes" if r["negated"] else "", (r["sentence"] or "")[:80])
    console.print(table)


@app.command()
def events(
    db: str = DbOption,
    source: str = typer.Option(None, "--source", help="Source actor code prefix (JPN matches JPNGOV)."),
    target: str = typer.Option(None, "--target", help="Target actor code prefix."),
    since: str = typer.Option(None, "--since", help="Earliest publication date (YYYY-MM-DD)."),
    until: str = typer.Option(None, "--until", help="Latest publication date (YYYY-MM-DD)."),
    fmt: str = typer.Option("table", "--format", help="table | csv | jsonl"),
    limit: int = typer.Option(1000, "--limit", help="At most this many events."),
    with_headlines: bool = typer.Option(False, "--with-headlines", help="List events coded from headlines too."),
) -> None:
    """List stored events, newest first."""
    from dyadwatch.store.event_query import query_events
    from dyadwatch.store.db import open_db

    if fmt not in ("table", "csv", "jsonl"):
        fail(f"--format must be table, csv or jsonl, not '{fmt}'", code=2)
    try:
        con = open_db(db)
        rows = query_events(con, source=source, target=target, since=_date(since, "--since"),
                            until=_date(until, "--until"), limit=limit, include_headlines=with_headlines)
    except DyadwatchError as exc:
        fail(str(exc))
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(_jsonable(row), ensure_ascii=False, default=str) + "\n")
    elif fmt == "csv":
        buffer = io.StringIO()
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        sys.stdout.write(buffer.getvalue())
    else:
        table = Table("published", "source", "cameo", "target", "quad", "mode", "sentence")
        for r in rows:
            table.add_row(str(r["published"] or ""), r["source"] or "", r["cameo"], r["target"] or "",
                          str(r["quad_class"]), r["mode"], (r["sentence"] or "")[:80])
        console.print(table)


@app.command()
def explain(
    sentence: str = typer.Argument(..., help="The sentence to code."),
    published: str = PublishedOption,
    actors: list[str] = ActorsOption,
    verbs: list[str] = VerbsOption,
    as_json: bool = JsonOption,
) -> None:
    """Show how a sentence is coded: actors and their dictionary entries, the parse, the pattern."""
    from dyadwatch.settings import load_settings

    settings = load_settings(actors_files=tuple(actors or ()), verbs_files=tuple(verbs or ()))
    result = _coder(settings).explain(sentence, _date(published, "--published"))
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
        return
    console.print(result["sentence"], highlight=False, markup=False)
    for actor in result.get("actors", []):
        extra = f" ({actor['resolved_from']})" if actor.get("resolved_from") else ""
        console.print(f"  actor {actor['text']!r} -> {', '.join(actor['codes'])}  [{actor['dictionary']}]{extra}",
                      highlight=False, markup=False)
    for verb in result.get("verbs", []):
        console.print(f"  verb {verb['verb']!r}: {verb.get('pattern', '')} {verb.get('why', '')}",
                      highlight=False, markup=False)
    for event in result["events"]:
        console.print(f"  EVENT {event['source']} -{event['cameo']}-> {event['target']} quad {event['quad_class']}"
                      f" mode={event['mode']} negated={event['negated']}", highlight=False, markup=False)
        for line in evidence_lines(event):
            console.print(f"    {line}", highlight=False, markup=False)
    for note in result.get("model", []):
        console.print(f"  model: {model_note(note)}", highlight=False, markup=False)
    if not result["events"]:
        console.print(f"  no event: {result.get('why', '')}", highlight=False, markup=False)


def model_note(note: dict) -> str:
    """One decision of the learned pair scorer on the sentence (`Coder._revise`'s notes), in words."""
    pair = " -> ".join(str(k) for k in note.get("pair", []))
    if "dropped" in note:
        return f"dropped the rules' event on {note['dropped']!r} ({pair}): P(no event) {note['p_none']}"
    if "retyped" in note:
        return f"retyped the rules' [{note['retyped']}] as [{note['to']}] ({pair}): P(root) {note['p_root']}"
    if "beside" in note:
        return f"added [{note['root']}] beside the rules' [{note['beside']}] ({pair}): P(root) {note['p_root']}"
    if "added" in note:
        place = f" in place of the rules' [{note['in_place_of']}]" if note.get("in_place_of") else ""
        return f"added [{note['added']}] ({pair}){place}: P(event) {note['p']}, P(root) {note['p_root']}"
    return json.dumps(note, ensure_ascii=False)


def evidence_lines(event: dict) -> list[str]:
    """What decided an explained event (`Coder.explain`'s summary): the pattern or the model's
    features, where its target came from, and the model's score."""
    decided = event.get("decided_by") or "pattern"
    lines = [f"decided by {decided}: {event.get('pattern') or '-'}"]
    if event.get("target") is not None:
        origin = event.get("target_origin") or "-"
        resolved = f" ({event['target_resolved_from']})" if event.get("target_resolved_from") else ""
        lines.append(f"target from: {origin}{resolved}")
    if event.get("score") is not None:
        lines.append(f"score: {event['score']:.3f}")
    return lines


@evaluate_app.command("petrarch")
def evaluate_petrarch_cmd(
    records: str = typer.Argument(..., help="PETRARCH validation records (XML)."),
    dictionaries: str = typer.Option(..., "--dictionaries", help="Directory holding the dictionaries the XML names."),
    as_json: bool = JsonOption,
    verbose: bool = typer.Option(False, "--verbose", help="List misses and extras."),
    no_fast_path: bool = typer.Option(False, "--no-fast-path", help="Parse every sentence."),
) -> None:
    """Score the coder on PETRARCH unit-test records: precision, recall, F1 per category."""
    from dyadwatch.evaluate.petrarch import evaluate_petrarch

    try:
        report = evaluate_petrarch(records, dictionaries, fast_path=not no_fast_path)
    except DyadwatchError as exc:
        fail(str(exc))
    data = report.as_dict(verbose)
    if as_json:
        sys.stdout.write(json.dumps(data, indent=1) + "\n")
        return
    console.print(f"records {data['records']}  precision {data['precision']:.3f}  recall {data['recall']:.3f}  "
                  f"F1 {data['f1']:.3f}  ({data['seconds_per_sentence'] * 1000:.1f} ms/sentence)", highlight=False)
    table = Table("category", "tp", "fp", "fn", "precision", "recall", "f1")
    for name, s in data["categories"].items():
        table.add_row(name, str(s["tp"]), str(s["fp"]), str(s["fn"]), f"{s['precision']:.3f}", f"{s['recall']:.3f}",
                      f"{s['f1']:.3f}")
    console.print(table)
    if verbose:
        for miss in data["misses"]:
            console.print(f"MISS  {miss['id']}: {' '.join(miss['expected'])}  got {miss['got']}", highlight=False)
        for extra in data["extras"]:
            console.print(f"EXTRA {extra['id']}: {' '.join(extra['extra'])}", highlight=False)
