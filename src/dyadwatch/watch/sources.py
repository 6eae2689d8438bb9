"""What the watcher watches: feeds (RSS/Atom URLs) and folders.

A SOURCE argument is a feed URL (http:// or https://), a folder, or a text file listing feed URLs (one
a line; blank lines and lines starting with '#' skipped). `parse_sources` turns the arguments into
sources and one-line errors.

A folder's file is taken once it is complete: its size and modification time did not change between
two looks, or it was last modified more than `settle_seconds` ago. Each file is taken once, by path,
size and modification time (a file rewritten later is read again; the pipeline's duplicate check by
content hash then decides whether it is new).
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.errors import DyadwatchError
from dyadwatch.ingest import directory_files

FileKey = tuple[str, int, int]  # path, size, mtime_ns


class SourceError(DyadwatchError):
    """A SOURCE argument that is not a feed URL, a folder, or a file of feed URLs."""


@dataclass
class FeedSource:
    url: str

    def __str__(self) -> str:
        return self.url


@dataclass
class FolderSource:
    """A folder whose complete files are read once each."""

    path: Path
    settle_seconds: float = 10.0
    taken: set[FileKey] = field(default_factory=set)  # files already read (filled from the store)
    _last_look: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)

    def __str__(self) -> str:
        return str(self.path)

    def ready_files(self, now: float | None = None) -> tuple[list[FileKey], int]:
        """(files complete and not yet taken, files still being written), in path order."""
        now = time.time() if now is None else now
        ready, waiting, looked = [], 0, {}
        for name in directory_files(self.path) if self.path.is_dir() else []:
            try:
                info = os.stat(name)
            except OSError:  # removed between the listing and now
                continue
            key = (name, info.st_size, info.st_mtime_ns)
            if key in self.taken:
                continue
            looked[name] = (info.st_size, info.st_mtime_ns)
            settled = now - info.st_mtime_ns / 1e9 >= self.settle_seconds
            if settled or self._last_look.get(name) == looked[name]:
                ready.append(key)
            else:
                waiting += 1
        self._last_look = looked
        return ready, waiting


def parse_sources(arguments: list[str], *, settle_seconds: float = 10.0) -> tuple[list, list[str]]:
    """(sources, errors): each argument as a FeedSource, a FolderSource or the feeds a file lists."""
    sources: list = []
    errors: list[str] = []
    for argument in arguments:
        try:
            found = _source(argument, settle_seconds)
        except SourceError as exc:
            errors.append(str(exc))
            continue
        for source in found:
            if source not in sources:
                sources.append(source)
    return sources, errors


def is_feed_url(text: str) -> bool:
    return text.lower().startswith(("http://", "https://")) and len(text) > len("https://")


def _source(argument: str, settle_seconds: float) -> list:
    if is_feed_url(argument):
        return [FeedSource(argument)]
    path = Path(argument)
    if path.is_dir():
        return [FolderSource(path, settle_seconds=settle_seconds)]
    if not path.exists():
        raise SourceError(f"{argument}: no such folder or file, and not an http(s) feed URL")
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(f"{argument}: cannot read the list of feeds: {exc}") from exc
    feeds = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not is_feed_url(line):
            raise SourceError(f"{argument}:{number}: '{line[:60]}' is not an http(s) feed URL "
                              f"(a SOURCE file lists feed URLs, one a line; to read files, give their folder)")
        feeds.append(FeedSource(line))
    if not feeds:
        raise SourceError(f"{argument}: lists no feed URLs")
    return feeds
