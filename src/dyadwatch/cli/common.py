"""What every command shares: the typer app, console output, common options."""
from __future__ import annotations

import sys
from typing import NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    name="dyadwatch",
    help="Turn news into political event data and watch relations between states over time.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# `dyadwatch evaluate petrarch|plover ...`
evaluate_app = typer.Typer(help="Score the coder against gold records.", no_args_is_help=True)
app.add_typer(evaluate_app, name="evaluate")

console = Console()
err_console = Console(stderr=True)

DbOption = typer.Option("dyadwatch.duckdb", "--db", help="DuckDB database file.")
QuietOption = typer.Option(False, "--quiet", "-q", help="No progress bars or chatter.")
WatchActorsOption = typer.Option(
    None, "--watch-actors", help="Alert on threats, rejections and uses of force involving these actors "
    "(comma-separated code prefixes: JPN,USA,CHN); default: the settings' watch_actors.")
JsonOption = typer.Option(False, "--json", help="Print the summary as one JSON object.")


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line on stderr and exit."""
    err_console.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def warn(message: str) -> None:
    """One line on stderr naming the file and reason; the run goes on."""
    print(message, file=sys.stderr, flush=True)
