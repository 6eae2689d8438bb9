"""`dyadwatch evaluate plover GSR.json`: score the coder on PLOVER gold-standard records;
`dyadwatch evaluate news DIR`: score the whole pipeline on a news gold folder."""
from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from dyadwatch.cli.common import JsonOption, console, evaluate_app, fail, warn
from dyadwatch.errors import DyadwatchError


@evaluate_app.command("plover")
def plover(
    gold: str = typer.Argument(None, help="PLOVER GSR JSON file (default: the packaged dev set)."),
    as_json: bool = JsonOption,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every record with what was coded."),
    fail_under: float = typer.Option(0.0, "--fail-under", help="Exit 1 if event-type recall is below this."),
    allow_no_target: bool = typer.Option(
        False, "--allow-no-target", help="Code events without a target too (PLOVER does not require one)."
    ),
) -> None:
    """Event-type recall/precision and dyad agreement of the coder on PLOVER records."""
    from dyadwatch.evaluate.plover import evaluate_plover
    from dyadwatch.events.coder import Coder
    from dyadwatch.settings import load_settings

    try:
        coder = Coder.from_settings(load_settings())
        if allow_no_target and hasattr(coder, "require_dyad"):
            coder.require_dyad = False
        report = evaluate_plover(gold, coder)
    except DyadwatchError as exc:
        fail(str(exc))
    summary = report.as_dict(verbose=verbose)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print(summary, verbose)
    if report.recall < fail_under:
        fail(f"event-type recall {report.recall:.3f} is below --fail-under {fail_under}")


def _print(summary: dict[str, Any], verbose: bool) -> None:
    et, dyad = summary["event_type"], summary["dyad"]
    console.print(
        f"[bold]PLOVER evaluation[/bold]: {summary['records']} records "
        f"({summary['skipped_documents']} DOCUMENT records skipped), "
        f"{summary['seconds_per_sentence']} s/sentence",
        highlight=False,
    )
    console.print(
        f"event type: recall {et['recall']:.3f}, precision {et['precision']:.3f}, f1 {et['f1']:.3f}, "
        f"strict recall (untranslated v0.5 gold types) {et['strict_recall']} "
        f"({et['found']} found; {et['coded_correct']}/{et['coded_types']} coded types correct); "
        f"{summary['records_with_any_event']} records with any event",
        highlight=False,
    )
    console.print(
        f"dyad (on {dyad['records_scored']} found): source {dyad['source_agreement']}, "
        f"target {dyad['target_agreement']}, both {dyad['both_agreement']}",
        highlight=False,
    )
    table = Table("type", "records", "found", "recall")
    for name, row in summary["per_type"].items():
        table.add_row(name, str(row["records"]), str(row["found"]), f"{row['recall']:.2f}")
    console.print(table)
    if verbose:
        for d in summary["details"]:
            mark = "ok " if d["expected"] in d["coded"] else "MISS"
            console.print(f"{mark} {d['id']}: expected {d['expected']}, coded {d['coded'] or '-'} | {d['text']}",
                          highlight=False, markup=False)


@evaluate_app.command("news")
def news(
    directory: str = typer.Argument(..., help="Gold folder: story files and gold.json (the news-dev format)."),
    as_json: bool = JsonOption,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="List every miss and wrong event with its class."),
) -> None:
    """Events, pre-filter, pledges, proposal answers and junk of the pipeline against a news gold folder."""
    from dyadwatch.evaluate.news import evaluate_news
    from dyadwatch.settings import load_settings

    try:
        report = evaluate_news(directory, load_settings(), on_error=lambda exc: warn(str(exc)))
    except DyadwatchError as exc:
        fail(str(exc))
    summary = report.as_dict(verbose=verbose)
    if as_json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print_news(summary, verbose)


def _share(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _print_news(summary: dict[str, Any], verbose: bool) -> None:
    ev, pre, pl, an, junk = (summary[k] for k in ("events", "prefilter", "pledges", "answers", "junk"))
    arts = summary["articles"]
    console.print(f"[bold]News evaluation[/bold] of {summary['directory']}: {arts['gold']} gold articles"
                  + (f", {arts['missing']} not processed" if arts["missing"] else ""), highlight=False)
    table = Table("measure", "value", "detail", title="Events")
    table.add_row("recall", _share(ev["recall"]), f"{ev['found']} of {ev['required']} required gold events")
    table.add_row("precision", _share(ev["precision"]), f"{ev['correct']} of {ev['asserted']} asserted events")
    table.add_row("F1", _share(ev["f1"]), "")
    table.add_row("traps emitted plain", str(ev["traps_emitted_plain"]),
                  f"of {ev['traps']} negated/hypothetical gold events ({ev['traps_flagged']} flagged; "
                  f"{ev['traps_same_root_plain']} with a plain event of their root, any actors)")
    table.add_row("optional only", str(ev["optional_only_ignored"]),
                  "asserted events matching only an optional gold event: not counted")
    table.add_row("headline events", str(ev["headline_events_dropped"]), "dropped")
    table.add_row("no target", str(ev["targetless_ignored"]), "events without a target: not counted")
    table.add_row("flagged", str(ev["flagged_ignored"]), "negated or hypothetical events: not counted")
    table.add_row("pre-filter recall", _share(pre["recall"]),
                  f"{pre['parsed']} parsed, {pre['skipped']} skipped; {pre['sentence_not_found']} gold sentences "
                  f"not among the coder's sentences")
    console.print(table)
    classes = Table("missed required event", "n", "wrong asserted event", "n", title="Failure classes")
    missed, wrong = list(ev["missed_by_class"].items()), list(ev["wrong_by_class"].items())
    for i in range(max(len(missed), len(wrong))):
        m = missed[i] if i < len(missed) else ("", "")
        w = wrong[i] if i < len(wrong) else ("", "")
        classes.add_row(m[0], str(m[1]), w[0], str(w[1]))
    console.print(classes)
    roots = Table("root", "gold", "found", "recall", "asserted", "correct", "precision", title="Per CAMEO root")
    for root, r in ev["per_root"].items():
        roots.add_row(root, str(r["gold"]), str(r["found"]), _share(r["recall"]), str(r["asserted"]),
                      str(r["correct"]), _share(r["precision"]))
    console.print(roots)
    other = Table("part", "found", "gold", "emitted", "detail", title="Pledges, answers, junk")
    other.add_row("pledges", str(pl["found"]), str(pl["gold"]), str(pl["emitted"]),
                  f"actor paired {pl['actor_found']}: amount right {pl['amount_right']}, "
                  f"deadline right {pl['deadline_right']}")
    other.add_row("proposal answers", str(an["found"]), str(an["gold"]), str(an["emitted"]),
                  f"{an['pair_found_wrong_response']} with the pair but another response")
    other.add_row("junk left", str(junk["left"]), str(junk["gold_junk"]), "", "gold junk strings in the clean text")
    other.add_row("sentences lost", str(junk["sentences_lost"]), str(junk["gold_sentences"]), "",
                  "gold event sentences not in the clean text")
    console.print(other)
    if verbose:
        _print_details(summary.get("details", {}))


def _coded(row: dict[str, Any]) -> str:
    return "; ".join(row.get("coded") or []) or "nothing"


def _mark(ok: bool) -> str:
    return "ok " if ok else "MISS"


# One line per detail row of `evaluate news --verbose`, in this order: (section, how its row reads).
_DETAIL_LINES: list[tuple[str, Any]] = [
    ("missed", lambda r: f"MISS [{r['failure']}] {r['article']}: gold {r['gold']}, coded {_coded(r)} | {r['sentence']}"),
    ("wrong", lambda r: f"WRONG [{r['failure']}] {r['article']}: {r['event']} | {r['sentence']}"),
    ("traps", lambda r: f"TRAP [{r['outcome']}] {r['article']}: gold {r['gold']}, coded {_coded(r)} | {r['sentence']}"),
    ("prefilter_skipped", lambda r: f"NOT PARSED {r['article']}: gold {r['gold']} | {r['sentence']}"),
    ("pledges", lambda r: f"PLEDGE {_mark(r['amount_ok'] and r['deadline_ok'])} {r['article']}: "
                          f"gold {r['gold']}; system {r['system'] or '-'}"),
    ("answers", lambda r: f"ANSWER {_mark(r['found'])} {r['article']}: gold {r['gold']}; system {r['system'] or '-'}"),
    ("junk_left", lambda r: f"JUNK LEFT {r['article']}: {r['junk']}"),
    ("sentences_lost", lambda r: f"LOST {r['article']}: {r['sentence']}"),
]


def _print_details(details: dict[str, list[dict[str, Any]]]) -> None:
    for section, line in _DETAIL_LINES:
        for row in details.get(section, []):
            console.print(line(row), highlight=False, markup=False)
