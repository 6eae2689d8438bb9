"""Typed exceptions. The library raises these; the CLI and the API turn them into messages."""
from __future__ import annotations


class DyadwatchError(Exception):
    """Base of every error dyadwatch raises on purpose."""


class InputError(DyadwatchError):
    """An input file or record could not be read. The message names the file (and record) and why."""

    def __init__(self, path: str, reason: str):
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class DictionaryError(DyadwatchError):
    """A dictionary file has a malformed line. The message names the file and line."""

    def __init__(self, path: str, line: int, reason: str):
        self.path = path
        self.line = line
        self.reason = reason
        super().__init__(f"{path}:{line}: {reason}")


class StoreError(DyadwatchError):
    """The database cannot be opened or written."""


class ExportError(DyadwatchError):
    """An export cannot be written (e.g. the target exists and --force was not given)."""
