"""`dyadwatch evaluate plover GSR.json`: score the coder on PLOVER gold-standard records."""
from __future__ import annotations

import json
from typing import Any

import typer
from rich.table import Table

from dyadwatch.cli.common import JsonOption, console, evaluate_app, fail
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
