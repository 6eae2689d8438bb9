"""Which files a Spark run reads, and getting a remote one onto the executor's disk.

Inputs are local globs, manifest files (one path per line; Common Crawl's `warc.paths(.gz)` listings
work as they are, with `prefix` naming the host, e.g. https://data.commoncrawl.org/), or remote
URLs (https://, http://, s3://) that each executor fetches to a temporary file before reading.
"""
from __future__ import annotations

import glob
import gzip
import os
import shutil
import tempfile
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from dyadwatch.errors import InputError

REMOTE_SCHEMES = ("http://", "https://", "s3://", "s3a://", "gs://", "hdfs://")
MANIFEST_SUFFIXES = (".paths", ".paths.gz", ".manifest", ".lst")


def is_remote(path: str) -> bool:
    return path.startswith(REMOTE_SCHEMES)


def read_manifest(path: str, prefix: str | None = None) -> list[str]:
    """Paths listed one per line (blank lines and '#' comments skipped), joined to `prefix` if given."""
    try:
        opener = gzip.open if path.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            lines = [line.strip() for line in handle]
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(path, f"cannot read manifest: {exc}") from exc
    entries = [line for line in lines if line and not line.startswith("#")]
    if prefix:
        entries = [e if is_remote(e) or os.path.isabs(e) else prefix.rstrip("/") + "/" + e for e in entries]
    else:  # relative entries are relative to the manifest's folder
        base = Path(path).parent
        entries = [e if is_remote(e) or os.path.isabs(e) else str(base / e) for e in entries]
    return entries


def expand_inputs(inputs: list[str], manifests: list[str] = (), prefix: str | None = None) -> list[str]:
    """Every file to read, in a stable order: globs expanded (folders walked), manifests read."""
    paths: list[str] = []
    for manifest in manifests:
        paths.extend(read_manifest(manifest, prefix))
    for item in inputs:
        if is_remote(item):
            paths.append(item)
        elif item.endswith(MANIFEST_SUFFIXES):
            paths.extend(read_manifest(item, prefix))
        elif os.path.isdir(item):
            paths.extend(sorted(str(p) for p in Path(item).rglob("*") if p.is_file()))
        else:
            matches = sorted(glob.glob(item, recursive=True))
            if not matches:
                raise InputError(item, "no such file (or the pattern matches nothing)")
            paths.extend(m for m in matches if os.path.isfile(m))
    seen: set[str] = set()
    return [p for p in paths if not (p in seen or seen.add(p))]


@contextmanager
def local_copy(path: str) -> Iterator[str]:
    """A local path for `path`: itself if local, else a temporary download removed afterwards."""
    if not is_remote(path):
        yield path
        return
    name = path.rstrip("/").rsplit("/", 1)[-1] or "input"
    with tempfile.TemporaryDirectory(prefix="dyadwatch-") as tmp:
        target = os.path.join(tmp, name)
        try:
            _download(path, target)
        except Exception as exc:  # noqa: BLE001 - any transport error is this file's error
            raise InputError(path, f"cannot fetch: {exc}") from exc
        yield target


def _download(url: str, target: str) -> None:
    if url.startswith(("http://", "https://")):
        with urllib.request.urlopen(url, timeout=120) as response, open(target, "wb") as out:  # noqa: S310
            shutil.copyfileobj(response, out, length=1 << 20)
        return
    from pyarrow import fs  # s3://, gs://, hdfs:// through pyarrow's filesystems

    filesystem, inner = fs.FileSystem.from_uri(url.replace("s3a://", "s3://", 1))
    with filesystem.open_input_stream(inner) as stream, open(target, "wb") as out:
        shutil.copyfileobj(stream, out, length=1 << 20)
