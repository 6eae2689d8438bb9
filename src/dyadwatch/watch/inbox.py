"""Handing files to a running watcher: `dyadwatch ingest` into a database a watcher owns.

DuckDB lets one process open a database file for writing and nobody else open it meanwhile, so while
`dyadwatch watch --db F` runs, `dyadwatch ingest FILES --db F` cannot store anything itself. Instead:

- the watcher writes `F.watcher` (its pid) while it runs and watches the folder `F.inbox/`;
- `ingest` copies its files into `F.inbox/.<batch>.partial/` and renames that to `F.inbox/<batch>/`
  (so the watcher never sees half a batch), then waits for `F.inbox/.receipts/<batch>.json`;
- the watcher reads the batch in its next round (a new batch starts one at once) and writes the
  receipt: the same counts `ingest` prints, and one line per input that failed.
"""
from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from dyadwatch.errors import DyadwatchError, InputError
from dyadwatch.ingest import expand_paths, kind_of

STDIN_EXTENSIONS = {"text": ".txt", "html": ".html", "jsonl": ".jsonl", "feed": ".xml", "warc": ".warc"}


class HandOverError(DyadwatchError):
    """Files could not be handed to the watcher (nothing to hand over, or the inbox cannot be written)."""


class Inbox:
    """The inbox folder, lock file and receipts of the watcher of one database."""

    def __init__(self, db_path: str | Path):
        self.db_path = str(db_path)
        self.folder = Path(f"{self.db_path}.inbox")
        self.lock_file = Path(f"{self.db_path}.watcher")
        self.receipts = self.folder / ".receipts"

    # --- the watcher's side ---------------------------------------------------------------------

    def open(self) -> None:
        """Create the inbox and announce the watcher (its pid) in the lock file."""
        self.receipts.mkdir(parents=True, exist_ok=True)
        _write_json(self.lock_file, {"pid": os.getpid(), "inbox": str(self.folder),
                                     "started_at": datetime.now().isoformat(timespec="seconds")})

    def close(self) -> None:
        if watcher_pid_in(self.lock_file) == os.getpid():
            self.lock_file.unlink(missing_ok=True)

    def batches(self) -> list[str]:
        """Batches handed over (whole) with no receipt yet, oldest name first."""
        if not self.folder.is_dir():
            return []
        return sorted(d.name for d in self.folder.iterdir()
                      if d.is_dir() and not d.name.startswith(".") and not (self.receipts / f"{d.name}.json").exists())

    def has_batches(self) -> bool:
        return bool(self.batches())

    def inside(self, batch: str) -> Callable[[str], bool]:
        prefix = str(self.folder / batch) + os.sep
        return lambda path: path.startswith(prefix)

    def batch_of(self, path: str) -> str | None:
        try:
            parts = Path(path).relative_to(self.folder).parts
        except ValueError:
            return None
        return parts[0] if len(parts) > 1 else None

    def write_receipt(self, batch: str, receipt: dict) -> None:
        self.receipts.mkdir(parents=True, exist_ok=True)
        _write_json(self.receipts / f"{batch}.json", receipt)

    # --- the side of `dyadwatch ingest` ---------------------------------------------------------

    def watcher_pid(self) -> int | None:
        """The pid of the watcher running on this database, or None."""
        return watcher_pid_in(self.lock_file)

    def hand_over(self, paths: list[str], on_error: Callable[[InputError], None] | None = None) -> tuple[str, int]:
        """Copy the input files `paths` name into a new batch; returns (batch, files copied)."""
        batch = f"{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        staging = self.folder / f".{batch}.partial"
        staging.mkdir(parents=True, exist_ok=True)
        copied = 0
        try:
            for number, name in enumerate(_inputs(paths, on_error), start=1):
                target = staging / f"{number:05d}-{_copy_name(name)}"
                try:
                    if name == "-":
                        _copy_stdin(target)
                    else:
                        shutil.copy2(name, target)
                except OSError as exc:
                    if on_error:
                        on_error(InputError(name, f"cannot copy to the watcher's inbox: {exc.strerror or exc}"))
                    continue
                copied += 1
            if not copied:
                raise HandOverError("no input files to hand over to the watcher")
            staging.rename(self.folder / batch)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return batch, copied

    def wait_for_receipt(self, batch: str, *, poll: float = 0.5, timeout: float | None = None) -> dict | None:
        """The watcher's receipt for `batch`; None when the watcher stops (or `timeout` passes) first."""
        receipt = self.receipts / f"{batch}.json"
        started = time.monotonic()
        while True:
            if receipt.exists():
                try:
                    return json.loads(receipt.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    pass  # being replaced right now: read it again
            if self.watcher_pid() is None or (timeout is not None and time.monotonic() - started > timeout):
                return None
            time.sleep(poll)


def watcher_pid_in(lock_file: Path) -> int | None:
    """The pid a watcher lock file names, when that process is alive."""
    try:
        pid = int(json.loads(lock_file.read_text(encoding="utf-8"))["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, owned by another user
        return pid
    return pid


def _inputs(paths: list[str], on_error: Callable[[InputError], None] | None) -> Iterable[str]:
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            if on_error:
                on_error(item)
        else:
            yield item


def _copy_name(name: str) -> str:
    return "stdin" if name == "-" else Path(name).name


def _copy_stdin(target: Path) -> None:
    import sys  # noqa: PLC0415

    data = sys.stdin.buffer.read()
    target.with_name(target.name + STDIN_EXTENSIONS.get(kind_of("", data[:4096]), ".txt")).write_bytes(data)


def _write_json(path: Path, value: dict) -> None:
    partial = path.with_name(f".{path.name}.partial")
    partial.write_text(json.dumps(value, ensure_ascii=False, indent=1), encoding="utf-8")
    partial.replace(path)
