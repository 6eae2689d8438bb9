"""Train the learned pair scorer and mode scorer on the labelled corpus and write
src/dyadwatch/data/models/pair_scorer.json (weights, thresholds and a provenance card).

    python scripts/train/train.py [--corpus corpus] [--out PATH] [--cache build/learn/pairs.json]

The corpus is parsed and coded once (a few minutes) and cached, keyed by the corpus files' sha256 and the
feature version; training itself is deterministic (fixed seed, sorted vocabulary, lbfgs)."""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fit  # noqa: E402
import pairdata  # noqa: E402
from dyadwatch.events.learned import DEFAULT_MODEL, FEATURE_VERSION  # noqa: E402


def extracted(corpus: Path, cache: Path, files: list[Path] | None = None) -> tuple[list, dict]:
    """(stories, coded data) from the cache when it was built from the same files and feature version.
    `files`: the corpus files to train on (default: every batch under `corpus`)."""
    files = files if files is not None else pairdata.corpus_files(corpus)
    # rows: what a cached row holds besides its features (3: `one_subject`, events' `by_rule`; 4: `roots`)
    stamp = {"feature_version": FEATURE_VERSION, "rows": 4,
             "files": {str(p.relative_to(pairdata.ROOT) if p.is_relative_to(pairdata.ROOT) else p): pairdata.sha256_file(p)
                       for p in files},
             # the rules' events and the candidates' keys and features come from the code, the
             # dictionaries and the actor tables
             "code": _code_digest()}
    stories = pairdata.load_corpus(files)
    if cache.exists():
        data = json.loads(cache.read_text(encoding="utf-8"))
        if data.get("stamp") == stamp:
            return stories, data
    from dyadwatch.events.coder import Coder

    from dyadwatch.settings import Settings

    rules = Coder.from_settings(Settings(extra={"hybrid": False}))  # the rules alone, which the model revises
    collector = pairdata.Collector(rules.dictionaries, rules.settings, strict_roles=True,
                                   extra_actors=_extra_actors())
    data = pairdata.code_corpus(stories, collector, rules, log=lambda m: print(m, file=sys.stderr))
    data["stamp"] = stamp
    data["spacy"] = _spacy_model()
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps(data), encoding="utf-8")
    return stories, data


def _code_digest() -> str:
    import hashlib

    package = pairdata.ROOT / "src" / "dyadwatch"
    data = package / "data"
    digest = hashlib.sha256()
    paths = [*package.rglob("*.py"), *(data / "dictionaries").glob("*.txt"), *(data / "actors").glob("*.csv")]
    for path in sorted(paths):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _extra_actors() -> list:
    from dyadwatch.actors.leaders import load_leader_entries

    return load_leader_entries()


def _spacy_model() -> str:
    from dyadwatch.nlp.pipeline import full_pipeline

    nlp = full_pipeline()
    return f"{nlp.meta.get('name')} {nlp.meta.get('version')} (spaCy {__import__('spacy').__version__})"


def sentences_by_doc(stories) -> dict[str, list[str]]:
    return {f"{s.batch}/{s.story}": [f"{s.batch}/{s.story}#{r['i']}" for r in s.sentences] for s in stories}


def train(rows, data, stories) -> dict:
    gold = pairdata.gold_by_sentence(stories)
    t = fit.choose_thresholds(rows, data["hybrid_rules"], gold, sentences_by_doc(stories))
    detect, roots = fit.fit_pairs(rows)
    modes = fit.fit_modes(rows)
    return {"feature_version": FEATURE_VERSION, "add_threshold": t.add, "drop_threshold": t.drop, "max_added": t.cap,
            "retype_threshold": t.retype, "add_context_threshold": t.add_context, "beside_threshold": t.beside,
            "beside_pair_threshold": t.beside_pair,
            "second_threshold": t.second, "retype_any_threshold": t.retype_any, "joint_threshold": t.joint,
            "detect": detect.to_json(), "roots": roots.to_json(), "modes": modes.to_json()}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=pairdata.CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_MODEL)
    ap.add_argument("--cache", type=Path, default=pairdata.ROOT / "build" / "learn" / "pairs.json")
    ap.add_argument("--date", help="date for the card (default: today, UTC)")
    ap.add_argument("--files", nargs="+", type=Path,
                    help="train on these corpus files only (paths from the repository root), e.g. the ones a "
                         "shipped model's card lists, to reproduce it after new batches were added")
    args = ap.parse_args(argv)
    files = [p if p.is_absolute() else pairdata.ROOT / p for p in args.files] if args.files else None
    stories, data = extracted(args.corpus, args.cache, files)
    model = train(data["rows"], data, stories)
    import sklearn

    events = sum(r["label"] != "none" for r in data["rows"])
    model["card"] = {
        "what": "dyadwatch learned pair scorer: event detector for an ordered actor pair, CAMEO root classifier, mode scorer",
        "data": data["stamp"]["files"], "spacy_model": data.get("spacy"), "seed": fit.SEED,
        "scikit_learn": sklearn.__version__, "pair_C": fit.PAIR_C, "root_C": fit.ROOT_C, "mode_C": fit.MODE_C, "min_count": fit.MIN_COUNT,
        "date": args.date or datetime.now(timezone.utc).date().isoformat(),
        "rows": len(data["rows"]), "event_rows": events, "stories": len(stories),
        "figures": "scripts/train/evaluate.py prints the held-out figures; docs/coder.md records them",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, sort_keys=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(model['detect']['features'])} detector features, "
          f"{len(model['roots']['features'])} root features, "
          f"{len(model['modes']['features'])} mode features, add {model['add_threshold']}, drop {model['drop_threshold']}, "
          f"cap {model['max_added']}, retype {model['retype_threshold']}, add (context target) "
          f"{model['add_context_threshold']}, beside {model['beside_threshold']} (pair {model['beside_pair_threshold']}), second {model['second_threshold']}, "
          f"retype (other codes) {model['retype_any_threshold']}, joint {model['joint_threshold']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
