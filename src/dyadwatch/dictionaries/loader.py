"""Load a set of dictionaries into one object, with a parsed-form cache keyed by file contents."""
from __future__ import annotations

import gc
import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.dictionaries.actors import read_actor_file, read_agent_file, read_discard_file
from dyadwatch.dictionaries.cameo import CameoTables
from dyadwatch.dictionaries.types import ActorEntry, AgentEntry
from dyadwatch.dictionaries.verbs import VerbDictionary, read_verb_file
from dyadwatch.errors import DictionaryError
from dyadwatch.settings import DATA_DIR, Settings

DICT_DIR = DATA_DIR / "dictionaries"
PACKAGED = {
    "actors": ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt",
               "dyadwatch.actors.txt"],
    "agents": ["Phoenix.agents.txt", "dyadwatch.agents.txt"],
    "discards": ["Phoenix.discards.txt"],
    "verbs": ["CAMEO.2.0.txt", "dyadwatch.verbs.txt"],
}
_CACHE_VERSION = "5"


@dataclass(slots=True)
class Dictionaries:
    actors: list[ActorEntry] = field(default_factory=list)
    agents: list[AgentEntry] = field(default_factory=list)
    discards: dict[str, bool] = field(default_factory=dict)
    verbs: VerbDictionary = field(default_factory=VerbDictionary)
    tables: CameoTables = field(default_factory=CameoTables)
    problems: list[DictionaryError] = field(default_factory=list)  # malformed lines skipped (non-strict)
    files: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, actors: list[str | Path], agents: list[str | Path], discards: list[str | Path],
             verbs: list[str | Path], *, strict: bool | set[str] = False, cache: bool = True) -> Dictionaries:
        """strict: True stops at the first malformed line of any file; a set of paths only for those."""
        out = cls(tables=CameoTables.load())
        strict_for = (lambda p: str(p) in strict) if isinstance(strict, set) else (lambda p: bool(strict))
        out.files = {"actors": [str(p) for p in actors], "agents": [str(p) for p in agents],
                     "discards": [str(p) for p in discards], "verbs": [str(p) for p in verbs]}
        for path in actors:
            out.actors.extend(_cached(path, "actors", strict_for(path), out.problems, cache))
        for path in agents:
            out.agents.extend(_cached(path, "agents", strict_for(path), out.problems, cache))
        for path in discards:
            out.discards.update(_cached(path, "discards", strict_for(path), out.problems, cache))
        merged = VerbDictionary()
        for path in verbs:  # later files override earlier ones
            merged.add(_cached(path, "verbs", strict_for(path), out.problems, cache))
        out.verbs = merged
        return out

    @classmethod
    def packaged(cls, settings: Settings | None = None) -> Dictionaries:
        """Phoenix actors/agents/discards + CAMEO 2.0 verbs, plus the user's --actors/--verbs files."""
        settings = settings or Settings()
        files = {kind: [DICT_DIR / name for name in names if (DICT_DIR / name).exists()]
                 for kind, names in PACKAGED.items()}
        user = set(settings.actors_files) | set(settings.verbs_files) if settings.strict_dictionaries else set()
        # the packaged files have known malformed lines (collected in .problems); --strict is for the user's
        return cls.load(files["actors"] + list(settings.actors_files), files["agents"], files["discards"],
                        files["verbs"] + list(settings.verbs_files), strict={str(p) for p in user})

    @classmethod
    def from_dir(cls, directory: str | Path, *, actors: list[str] | None = None, agents: list[str] | None = None,
                 discards: list[str] | None = None, verbs: list[str] | None = None,
                 strict: bool = False) -> Dictionaries:
        """Dictionaries named in a directory; with no names, files matching *.actors.txt, *.agents.txt,
        *.discards.txt and *verbs*.txt / CAMEO*.txt."""
        root = Path(directory)

        def pick(names: list[str] | None, globs: list[str]) -> list[Path]:
            if names:
                return [root / n for n in names]
            found: list[Path] = []
            for pattern in globs:
                found.extend(sorted(p for p in root.glob(pattern) if p not in found))
            return found

        return cls.load(pick(actors, ["*.actors.txt"]), pick(agents, ["*.agents.txt"]),
                        pick(discards, ["*.discards.txt"]), pick(verbs, ["*.verbs.txt", "CAMEO*.txt"]), strict=strict)


_READERS = {"actors": read_actor_file, "agents": read_agent_file, "discards": read_discard_file,
            "verbs": read_verb_file}


def _cached(path: str | Path, kind: str, strict: bool, problems: list[DictionaryError], cache: bool):
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DictionaryError(str(path), 0, f"cannot read dictionary: {exc.strerror or exc}") from exc
    key = hashlib.sha256(data + f"|{kind}|{_CACHE_VERSION}|{path}".encode()).hexdigest()[:32]
    cache_file = _cache_dir() / f"{kind}-{key}.pickle"
    if cache and not strict and cache_file.exists():
        try:
            gc.disable()  # unpickling ~100k small objects: the cyclic collector only slows it down
            try:
                with cache_file.open("rb") as handle:
                    parsed, found = pickle.load(handle)
            finally:
                gc.enable()
            problems.extend(DictionaryError(*args) for args in found)
            return parsed
        except Exception:  # a corrupt cache is re-made
            pass
    found: list[DictionaryError] = []

    def on_error(err: DictionaryError) -> None:
        if strict:
            raise err
        found.append(err)

    parsed = _READERS[kind](path, on_error)
    problems.extend(found)
    if cache:
        try:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = cache_file.with_suffix(f".{os.getpid()}.tmp")
            with tmp.open("wb") as handle:
                rows = [(e.path, e.line, e.reason) for e in found]  # exceptions with custom args don't unpickle
                pickle.dump((parsed, rows), handle, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(cache_file)
        except OSError:
            pass
    return parsed


def _cache_dir() -> Path:
    base = os.environ.get("DYADWATCH_CACHE") or os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dyadwatch" / "dictionaries"
