"""ingest stage: paths (files, directories, globs, '-') -> RawDocument | InputError.

`read_inputs` never raises for bad input: each file or record that cannot be read comes out as an
InputError naming it and the reason (one line), in order with the documents, and the iteration goes
on, whatever the parser under a reader raised (ingest/failure.py words it).
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from pathlib import Path

from dyadwatch.errors import InputError
from dyadwatch.ingest.failure import input_failure
from dyadwatch.ingest.readers import is_input_name, kind_of, read_file
from dyadwatch.ingest.values import parse_date
from dyadwatch.records import RawDocument

__all__ = ["read_inputs", "expand_paths", "kind_of", "parse_date", "input_failure"]


def read_inputs(paths: list[str], settings) -> Iterator[RawDocument | InputError]:
    """Every document in the given inputs, in order; failures as InputError items."""
    max_bytes = getattr(settings, "max_bytes", 20 * 1024 * 1024)
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
            continue
        yield from read_file(item, max_bytes)


def expand_paths(paths: list[str]) -> Iterator[str | InputError]:
    """Files in order: a file as is, a glob, '-', a directory recursively (sorted; only files with an
    input extension such as .txt, .html, .jsonl, .rss, .warc (or those .gz), hidden ones skipped)."""
    for path in paths:
        try:
            yield from _expand(path)
        except OSError as exc:  # a name too long, a folder that cannot be listed: this path's error
            yield InputError(path, f"cannot read: {exc.strerror or exc}")


def _expand(path: str) -> Iterator[str | InputError]:
    """The files one path names, or its error."""
    if path == "-":
        yield path
        return
    p = Path(path)
    if p.is_dir():
        files = directory_files(p)
        if not files:
            yield InputError(path, "directory holds no input files (.txt, .html, .jsonl, .rss, .warc, ...)")
        yield from files
    elif p.exists():
        yield path
    elif glob.has_magic(path):
        # A directory the pattern matches ('corpus/2024-*') is read as a directory, recursively;
        # a file reached twice ('corpus/**' matches it and its folder) is read once.
        files: dict[str, str] = {}
        for match in sorted(glob.glob(path, recursive=True)):
            for f in directory_files(Path(match)) if Path(match).is_dir() else [match]:
                if Path(f).is_file():
                    files.setdefault(os.path.normpath(f), f)
        if not files:
            yield InputError(path, "no file matches this pattern")
        yield from files.values()
    else:
        yield InputError(path, "no such file or directory")


def directory_files(directory: Path) -> list[str]:
    """The input files under a directory, recursively, sorted; hidden files and folders skipped."""
    return [
        str(f) for f in sorted(directory.rglob("*"))
        if f.is_file() and is_input_name(f.name)
        and not any(part.startswith(".") for part in f.relative_to(directory).parts)
    ]
