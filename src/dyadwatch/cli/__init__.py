"""The `dyadwatch` command: a thin shell over the library.

Each command group lives in its own module and registers on `app`; commands parse arguments, call
library functions, and turn typed errors into one-line messages. Exit codes: 0 all inputs read,
1 some failed, 2 usage errors.
"""
from __future__ import annotations

import importlib

from dyadwatch.cli.common import app

# Command modules, imported for their registrations. Each owns its commands.
_COMMAND_MODULES = [
    "ingest_cmds",  # ingest, extract, stats
    "code_cmds",  # code, events, explain, evaluate
    "pledge_cmds",  # pledges, threads, dyad, export
    "scale_cmds",  # spark, load
    "serve_cmds",  # serve
    "watch_cmds",  # watch
    "alert_cmds",  # alerts
    "story_cmds",  # demo, brief
    "agreement_cmds",  # agreements, agreement
    "plover_cmds",  # evaluate plover
]
for _name in _COMMAND_MODULES:
    try:
        importlib.import_module(f"dyadwatch.cli.{_name}")
    except ModuleNotFoundError as exc:  # a command module not written yet
        if exc.name != f"dyadwatch.cli.{_name}":
            raise


def main() -> None:
    app()
