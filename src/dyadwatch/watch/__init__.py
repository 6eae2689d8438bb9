"""watch: feeds and folders polled in rounds, new items through the one pipeline run into the store.

Beside serve (it may import run, store, ingest and serve): `dyadwatch watch` runs a `Watcher`, and
with --serve the same process serves the API from the watcher's own connection (watch/serving.py).
"""
from dyadwatch.watch.sources import FeedSource, FolderSource, SourceError, parse_sources
from dyadwatch.watch.watcher import Watcher, WatchOptions

__all__ = ["FeedSource", "FolderSource", "SourceError", "Watcher", "WatchOptions", "parse_sources"]
