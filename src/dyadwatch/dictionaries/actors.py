"""Readers for PETRARCH/TABARI actor, agent and discard dictionaries.

Actors:  `PHRASE_WORDS [CODE]`, `+SYNONYM` lines, codes with date restrictions on the same or the
following indented lines: `[USAGOV >20090120]`, `[USAELI 20081105-20090119]`, `[HOB <950601]`.
A trailing `_` on a phrase means an exact word; without it the last word is a stem (prefix match).
Agents:  `PHRASE {PLURALS} [~GOV]` (suffix) or `[NGO~]` (prefix); `!SET! = A, B` substitution sets.
Discards: one phrase per line; a leading `+` discards the whole story, else only the sentence.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from dyadwatch.dictionaries.textfile import numbered_lines, parse_dict_date, phrase_words
from dyadwatch.dictionaries.types import ActorEntry, AgentEntry, CodeSpan
from dyadwatch.errors import DictionaryError

OnError = Callable[[DictionaryError], None]
_CODE_BLOCK = re.compile(r"\[([^\]]*)\]")
_CODE_CHARS = re.compile(r"^[A-Z0-9/+#-]+$")


def _raise(err: DictionaryError) -> None:
    raise err


def parse_code_span(body: str) -> CodeSpan:
    """'USAGOV >20090120' | 'USAELI 20081105-20090119' | 'HOB < 950601' | 'JPN' -> CodeSpan."""
    text = body.strip()
    match = re.match(r"^([A-Za-z0-9/+#-]+)\s*(.*)$", text)
    if not match or not _CODE_CHARS.match(match.group(1).upper()) or match.group(1).isdigit():
        raise ValueError(f"bad actor code [{body}]")
    code, rest = match.group(1).upper(), match.group(2).replace(" ", "")
    if not rest:
        return CodeSpan(code)
    if rest.startswith(">"):
        return CodeSpan(code, start=parse_dict_date(rest[1:]))
    if rest.startswith("<"):
        day = parse_dict_date(rest[1:])
        return CodeSpan(code, end=day.fromordinal(day.toordinal() - 1))
    if "-" in rest:
        first, last = rest.split("-", 1)
        return CodeSpan(code, start=parse_dict_date(first), end=parse_dict_date(last))
    if rest.isdigit():  # a bare date: valid from that day
        return CodeSpan(code, start=parse_dict_date(rest))
    raise ValueError(f"bad date restriction in [{body}]")


def _phrase(text: str) -> tuple[str, bool]:
    """Dictionary phrase -> ('WORD WORD', is_stem)."""
    words = phrase_words(text)
    if not words:
        return "", False
    exact = words[-1].endswith("_")
    words[-1] = words[-1].rstrip("_")
    return " ".join(words), not exact


def read_actor_file(path: str | Path, on_error: OnError = _raise) -> list[ActorEntry]:
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for number, line in numbered_lines(path):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            head, codes = _split_codes(line)
        except ValueError as exc:
            on_error(DictionaryError(str(path), number, str(exc)))
            continue
        stripped = head.strip()
        if line[0] in " \t" and not stripped:  # indented code line for the current entry
            if current is None:
                on_error(DictionaryError(str(path), number, "code line before any actor"))
                continue
            current.codes.extend(codes)
            continue
        if stripped.startswith("+"):
            if current is None:
                on_error(DictionaryError(str(path), number, "synonym '+' line before any actor"))
                continue
            phrase, stem = _phrase(stripped[1:])
            if phrase:
                current.phrases.append(phrase)
                if stem:
                    current.stem_phrases.append(phrase)
            current.codes.extend(codes)
            continue
        if not stripped or stripped.startswith("["):
            on_error(DictionaryError(str(path), number, f"cannot read line {line.strip()!r}"))
            continue
        phrase, stem = _phrase(stripped)
        current = ActorEntry(name=phrase.replace(" ", "_"), phrases=[phrase], codes=list(codes), source=where)
        if stem:
            current.stem_phrases.append(phrase)
        entries.append(current)
    bad = [e for e in entries if not e.codes]
    for entry in bad:
        file, _, line_no = entry.source.rpartition(":")
        on_error(DictionaryError(file, int(line_no), f"actor {entry.name} has no code"))
    return [e for e in entries if e.codes]


def _split_codes(line: str) -> tuple[str, list[CodeSpan]]:
    codes = [parse_code_span(body) for body in _CODE_BLOCK.findall(line)]
    first = line.find("[")
    head = line if first < 0 else line[:first]
    if "]" in head or (first >= 0 and line.count("[") != line.count("]")):
        raise ValueError(f"unbalanced brackets in {line.strip()!r}")
    return head, codes


def read_agent_file(path: str | Path, on_error: OnError = _raise) -> list[AgentEntry]:
    substitutions: dict[str, list[str]] = {}
    agents: list[AgentEntry] = []
    for number, line in numbered_lines(path):
        text = line.strip()
        if not text:
            continue
        if re.match(r"^!\w+!\s*=", text):
            name, _, values = text.partition("=")
            substitutions[name.strip().upper()] = [v.strip().upper() for v in values.split(",") if v.strip()]
            continue
        match = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[\s*([^\]]+?)\s*\]\s*$", text)
        if not match:
            on_error(DictionaryError(str(path), number, f"agent line needs 'PHRASE [~CODE]': {text!r}"))
            continue
        phrase_text, plural_text, code = match.group(1), match.group(2), match.group(3).upper().replace(" ", "")
        if "~" not in code:
            on_error(DictionaryError(str(path), number, f"agent code must contain '~': [{code}]"))
            continue
        for variant in _expand_substitutions(phrase_text.upper(), substitutions):
            words = [w for w in re.split(r"[_\s]+", variant) if w]
            if not words:
                continue
            base = " ".join(words)
            phrases = [base]
            if plural_text is None:
                phrases.append(" ".join(words[:-1] + [_plural(words[-1])]))
            else:
                inner = plural_text.strip("{}").strip()
                for plural in inner.split():
                    phrases.append(" ".join(w for w in re.split(r"[_\s]+", plural.upper()) if w))
            agents.append(AgentEntry(name=base.replace(" ", "_"), phrases=phrases, code=code,
                                     source=f"{path}:{number}"))
    return agents


def _expand_substitutions(phrase: str, substitutions: dict[str, list[str]]) -> list[str]:
    match = re.search(r"!\w+!", phrase)
    if not match:
        return [phrase]
    values = substitutions.get(match.group(0), [])
    out: list[str] = []
    for value in values:
        out.extend(_expand_substitutions(phrase[: match.start()] + value + phrase[match.end() :], substitutions))
    return out


def _plural(word: str) -> str:
    if word.endswith(("S", "SH", "CH", "X", "Z")):
        return word + "ES"
    if word.endswith("Y") and len(word) > 1 and word[-2] not in "AEIOU":
        return word[:-1] + "IES"
    return word + "S"


def read_discard_file(path: str | Path, on_error: OnError = _raise) -> dict[str, bool]:
    """{phrase: story_level} from a discards file."""
    out: dict[str, bool] = {}
    for _number, line in numbered_lines(path):
        text = line.strip()
        if not text or text.isdigit():
            continue
        story = text.startswith("+")
        words = [w for w in re.split(r"[_\s]+", text.lstrip("+").upper()) if w]
        if words:
            out[" ".join(words)] = story
    return out
