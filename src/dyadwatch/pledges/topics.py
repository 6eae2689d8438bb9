"""Sector/topic tags for a sentence, from the keyword table in data/pledges/topics.tsv."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

TOPICS_FILE = Path(__file__).resolve().parents[1] / "data" / "pledges" / "topics.tsv"


class TopicTable:
    def __init__(self, patterns: list[tuple[str, re.Pattern[str]]]):
        self.patterns = patterns

    @classmethod
    def load(cls, path: str | Path = TOPICS_FILE) -> "TopicTable":
        patterns = []
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            topic, _, words = line.partition("\t")
            keywords = [w.strip() for w in words.split(",") if w.strip()]
            exact = [re.escape(w) for w in keywords if w.isupper()]
            folded = [re.escape(w) for w in keywords if not w.isupper()]
            parts = []
            if folded:
                parts.append(r"(?i:" + "|".join(folded) + ")")
            if exact:
                parts.append("|".join(exact))
            patterns.append((topic.strip(), re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])")))
        return cls(patterns)

    def tag(self, text: str) -> list[str]:
        """Topics named in the text, in table order."""
        return [topic for topic, pattern in self.patterns if pattern.search(text)]


@lru_cache(maxsize=1)
def default_topics() -> TopicTable:
    return TopicTable.load()
