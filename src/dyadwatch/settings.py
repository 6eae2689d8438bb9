"""One settings object, built once: packaged defaults < user file (TOML) < command-line flags."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from datetime import date
from pathlib import Path
from typing import Any

from dyadwatch.errors import DyadwatchError

DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True, slots=True)
class Settings:
    db: str = "dyadwatch.duckdb"
    max_bytes: int = 20 * 1024 * 1024  # inputs larger than this are refused with a reason
    keep_junk: bool = False  # turn the paragraph junk filter off
    published: date | None = None  # --published: the date for inputs that carry none
    actors_files: tuple[str, ...] = ()  # user actor dictionaries, added to (and overriding) the packaged ones
    verbs_files: tuple[str, ...] = ()
    strict_dictionaries: bool = False  # stop at the first malformed dictionary line
    max_sentence_chars: int = 2000  # longer sentences are not parsed (reported as skipped)
    fast_path: bool = True  # parse only sentences that can hold an event
    workers: int = 0  # 0 = one per core
    quiet: bool = False
    watch_actors: tuple[str, ...] = ()  # actor code prefixes whose threats, rejections and force are alerts
    extra: dict[str, Any] = field(default_factory=dict)


def load_settings(config_file: str | Path | None = None, **flags: Any) -> Settings:
    """Defaults, then the user's TOML file ([dyadwatch] table or top level), then non-None flags."""
    settings = Settings()
    names = {f.name for f in fields(Settings)}
    if config_file:
        try:
            data = tomllib.loads(Path(config_file).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise DyadwatchError(f"{config_file}: cannot read settings: {exc}") from exc
        data = data.get("dyadwatch", data)
        unknown = set(data) - names
        if unknown:
            raise DyadwatchError(f"{config_file}: unknown settings: {', '.join(sorted(unknown))}")
        settings = replace(settings, **_coerce(data))
    given = {k: v for k, v in flags.items() if v is not None}
    unknown = set(given) - names
    if unknown:
        raise TypeError(f"unknown settings: {sorted(unknown)}")
    return replace(settings, **_coerce(given))


def _coerce(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("actors_files", "verbs_files"):
        if key in out and not isinstance(out[key], tuple):
            out[key] = tuple(out[key]) if isinstance(out[key], list | tuple) else (out[key],)
    if isinstance(out.get("watch_actors"), str):  # "JPN,USA,CHN" in a settings file
        out["watch_actors"] = tuple(p.strip().upper() for p in out["watch_actors"].split(",") if p.strip())
    elif isinstance(out.get("watch_actors"), list | tuple):
        out["watch_actors"] = tuple(str(p).strip().upper() for p in out["watch_actors"] if str(p).strip())
    if isinstance(out.get("published"), str):
        out["published"] = date.fromisoformat(out["published"])
    return out
