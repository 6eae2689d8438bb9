"""Inter-coder agreement between two label files of the news-pages corpus (LABELLING.md format).

    python scripts/corpus/agreement.py --a FIRST.jsonl [FIRST2.jsonl ...] --b SECOND.jsonl [...] [--show]

Coder A is the reference, coder B is compared with it, over the sentences (page, i) both label.
An event of B matches an event of A in the same sentence when source and target agree at country
level (the first three letters of the code; the whole code for IGO... bodies) - either way round when
either event is reciprocal - and the CAMEO root (first two digits) agrees. Each event is matched at
most once; within a sentence the pairing that matches the most events (then agrees most closely) is
taken. Printed:

- recall of A's asserted events by B's asserted events, precision, F1 (and the same over all modes);
- root agreement given matched actors: pairs matched on source and target only, share with the same root;
- source and target agreement: pairs matched on root only, share with the same source / target country;
- code agreement (first three digits) and full-actor-code agreement on matched events;
- mode and reported-speech agreement on events matched over all modes;
- sentence-level event / no-event agreement with Cohen's kappa.

--show lists every sentence where the two coders' events differ, for reading the disagreements.
Standard library only.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from functools import lru_cache
from pathlib import Path

Key = tuple[str, int]


def read_labels(paths: list[Path]) -> dict[Key, dict]:
    """Sentence records by (page, i); a bad line or a repeated sentence gets one line on stderr."""
    records: dict[Key, dict] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            print(f"{path}: cannot read ({exc.strerror}); skipped", file=sys.stderr)
            continue
        for n, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                key = (record["page"], int(record["i"]))
            except (ValueError, KeyError, TypeError) as exc:
                print(f"{path}:{n}: not a sentence record ({exc}); skipped", file=sys.stderr)
                continue
            if key in records:
                print(f"{path}:{n}: sentence {key[0][:8]}#{key[1]} already read; first one kept", file=sys.stderr)
                continue
            record["events"] = [e for e in record.get("events") or [] if isinstance(e, dict)]
            records[key] = record
    return records


def country(code: str | None) -> str:
    """Country-level part of an actor code: IGO bodies whole, else the first three letters."""
    code = (code or "").upper()
    return code if code.startswith("IGO") else code[:3]


def root(event: dict) -> str:
    return str(event.get("cameo") or "")[:2]


def actors_agree(a: dict, b: dict) -> bool:
    straight = country(a.get("source")) == country(b.get("source")) and country(a.get("target")) == country(b.get("target"))
    if straight:
        return True
    if a.get("reciprocal") or b.get("reciprocal"):
        return country(a.get("source")) == country(b.get("target")) and country(a.get("target")) == country(b.get("source"))
    return False


def side_agreement(a: dict, b: dict) -> tuple[bool, bool]:
    """(source agrees, target agrees) at country level, crossing sides for a reciprocal event if that agrees better."""
    straight = (country(a.get("source")) == country(b.get("source")), country(a.get("target")) == country(b.get("target")))
    if a.get("reciprocal") or b.get("reciprocal"):
        crossed = (country(a.get("source")) == country(b.get("target")), country(a.get("target")) == country(b.get("source")))
        if sum(crossed) > sum(straight):
            return crossed
    return straight


def best_pairs(a_events: list[dict], b_events: list[dict], compatible, closeness) -> list[tuple[dict, dict]]:
    """The pairing of compatible events with the most pairs, then the greatest total closeness."""
    a_events, b_events = list(a_events), list(b_events)

    @lru_cache(maxsize=None)
    def solve(ai: int, used: int) -> tuple[int, float, tuple[tuple[int, int], ...]]:
        if ai == len(a_events):
            return 0, 0.0, ()
        best = solve(ai + 1, used)
        for bi, b in enumerate(b_events):
            if used >> bi & 1 or not compatible(a_events[ai], b):
                continue
            count, score, pairs = solve(ai + 1, used | 1 << bi)
            candidate = (count + 1, score + closeness(a_events[ai], b), ((ai, bi),) + pairs)
            if candidate[:2] > best[:2]:
                best = candidate
        return best

    return [(a_events[ai], b_events[bi]) for ai, bi in solve(0, 0)[2]]


def full_match(a: dict, b: dict) -> bool:
    return actors_agree(a, b) and root(a) == root(b)


def closeness(a: dict, b: dict) -> float:
    """Tie-break between equally large pairings: same root, same code, same sides, same full actor codes."""
    src, tgt = side_agreement(a, b)
    return ((root(a) == root(b)) * 4 + (str(a.get("cameo"))[:3] == str(b.get("cameo"))[:3]) * 2 + src + tgt
            + (a.get("source") == b.get("source")) * 0.5 + (a.get("target") == b.get("target")) * 0.5
            + (a.get("mode") == b.get("mode")) * 0.25)


def asserted(events: list[dict]) -> list[dict]:
    return [e for e in events if (e.get("mode") or "asserted") == "asserted"]


def ratio(num: int, den: int) -> str:
    return f"{num / den:.3f} ({num}/{den})" if den else "n/a (0/0)"


def f1(p_num: int, p_den: int, r_num: int, r_den: int) -> str:
    if not p_den or not r_den or not (p_num + r_num):
        return "n/a"
    p, r = p_num / p_den, r_num / r_den
    return f"{2 * p * r / (p + r):.3f}"


def cohen_kappa(pairs: list[tuple[bool, bool]]) -> tuple[float, float, float]:
    """Observed agreement, chance agreement and kappa for two binary judgements per item."""
    n = len(pairs)
    if not n:
        return float("nan"), float("nan"), float("nan")
    observed = sum(a == b for a, b in pairs) / n
    pa, pb = sum(a for a, _ in pairs) / n, sum(b for _, b in pairs) / n
    chance = pa * pb + (1 - pa) * (1 - pb)
    kappa = (observed - chance) / (1 - chance) if chance < 1 else 1.0
    return observed, chance, kappa


def event_text(e: dict) -> str:
    flags = "".join(f for f, on in (("R", e.get("reported")), ("X", e.get("reciprocal")), ("c", e.get("target_from") == "context")) if on)
    return (f"{e.get('source')}>{e.get('target')} {e.get('cameo')} {str(e.get('mode', '?'))[:4]}{' ' + flags if flags else ''}"
            f" [{e.get('trigger', '')}] ({e.get('target_text', '')})")


def differences(key: Key, record: dict, ea: list[dict], eb: list[dict], matched: list[tuple[dict, dict]]) -> list[str]:
    """Lines naming what differs in one sentence: unmatched events, and matched events that differ in
    code, actor roles, mode or reported speech; nothing when the coders agree fully."""
    lines = [f"    A only: {event_text(x)}" for x in ea if not any(x is p for p, _ in matched)]
    lines += [f"    B only: {event_text(y)}" for y in eb if not any(y is q for _, q in matched)]
    for x, y in matched:
        what = [name for name, differs in (
            ("code", str(x.get("cameo"))[:3] != str(y.get("cameo"))[:3]),
            ("roles", {x.get("source"), x.get("target")} != {y.get("source"), y.get("target")}),
            ("mode", x.get("mode") != y.get("mode")),
            ("reported", bool(x.get("reported")) != bool(y.get("reported")))) if differs]
        if what:
            lines.append(f"    {'/'.join(what)}: A {event_text(x)} | B {event_text(y)}")
    return [f"- {key[0][:8]}#{key[1]}: {record.get('text', '')}"] + lines if lines else []


def compare(a_records: dict[Key, dict], b_records: dict[Key, dict], show: bool) -> list[str]:
    shared = sorted(set(a_records) & set(b_records))
    out: list[str] = []
    text_differs = sum(a_records[k].get("text") != b_records[k].get("text") for k in shared)
    pages = {k[0] for k in shared}
    n_a_all = sum(len(a_records[k]["events"]) for k in shared)
    n_b_all = sum(len(b_records[k]["events"]) for k in shared)
    out.append(f"shared sentences: {len(shared)} on {len(pages)} pages"
               f" (A has {len(a_records)}, B has {len(b_records)}; texts differing: {text_differs})")
    out.append(f"events on shared sentences: A {n_a_all} ({sum(len(asserted(a_records[k]['events'])) for k in shared)} asserted),"
               f" B {n_b_all} ({sum(len(asserted(b_records[k]['events'])) for k in shared)} asserted)")

    tally: Counter = Counter()
    modes: Counter = Counter()
    sentence_flags: list[tuple[bool, bool]] = []
    shown: list[str] = []
    for key in shared:
        ea, eb = a_records[key]["events"], b_records[key]["events"]
        sentence_flags.append((bool(ea), bool(eb)))
        # asserted events: recall / precision
        pa, pb = asserted(ea), asserted(eb)
        matched = best_pairs(pa, pb, full_match, closeness)
        tally["a_asserted"] += len(pa)
        tally["b_asserted"] += len(pb)
        tally["matched_asserted"] += len(matched)
        tally["code3_same"] += sum(str(x.get("cameo"))[:3] == str(y.get("cameo"))[:3] for x, y in matched)
        tally["actors_exact"] += sum({x.get("source"), x.get("target")} == {y.get("source"), y.get("target")} for x, y in matched)
        # all modes
        matched_all = best_pairs(ea, eb, full_match, closeness)
        tally["matched_all"] += len(matched_all)
        for x, y in matched_all:
            modes[(x.get("mode"), y.get("mode"))] += 1
            tally["reported_same"] += bool(x.get("reported")) == bool(y.get("reported"))
        # roots given actors, sides given roots (all modes)
        by_actors = best_pairs(ea, eb, actors_agree, closeness)
        tally["actor_pairs"] += len(by_actors)
        tally["actor_pairs_root_same"] += sum(root(x) == root(y) for x, y in by_actors)
        by_root = best_pairs(ea, eb, lambda x, y: root(x) == root(y), closeness)
        tally["root_pairs"] += len(by_root)
        for x, y in by_root:
            src, tgt = side_agreement(x, y)
            tally["root_pairs_source_same"] += src
            tally["root_pairs_target_same"] += tgt
        if show:
            shown.extend(differences(key, a_records[key], ea, eb, matched_all))

    out.append("")
    out.append("event-level (country-level actors, CAMEO root), asserted events of each coder:")
    out.append(f"  recall of A by B      {ratio(tally['matched_asserted'], tally['a_asserted'])}")
    out.append(f"  precision of B        {ratio(tally['matched_asserted'], tally['b_asserted'])}")
    out.append(f"  F1                    {f1(tally['matched_asserted'], tally['b_asserted'], tally['matched_asserted'], tally['a_asserted'])}")
    out.append(f"  same 3-digit code     {ratio(tally['code3_same'], tally['matched_asserted'])} of matched")
    out.append(f"  same full actor codes {ratio(tally['actors_exact'], tally['matched_asserted'])} of matched (roles too)")
    out.append("event-level, all modes (asserted, negated, hypothetical):")
    out.append(f"  recall of A by B      {ratio(tally['matched_all'], n_a_all)}")
    out.append(f"  precision of B        {ratio(tally['matched_all'], n_b_all)}")
    out.append(f"  F1                    {f1(tally['matched_all'], n_b_all, tally['matched_all'], n_a_all)}")
    out.append("component agreement, all modes:")
    out.append(f"  root agreement given matched actors  {ratio(tally['actor_pairs_root_same'], tally['actor_pairs'])}")
    out.append(f"  source agreement given matched root  {ratio(tally['root_pairs_source_same'], tally['root_pairs'])}")
    out.append(f"  target agreement given matched root  {ratio(tally['root_pairs_target_same'], tally['root_pairs'])}")
    same_mode = sum(v for (x, y), v in modes.items() if x == y)
    out.append(f"  mode agreement on matched events     {ratio(same_mode, tally['matched_all'])}")
    out.append(f"  reported agreement on matched events {ratio(tally['reported_same'], tally['matched_all'])}")
    for (x, y), v in sorted(modes.items(), key=lambda kv: -kv[1]):
        if x != y:
            out.append(f"    mode A={x} B={y}: {v}")
    observed, chance, kappa = cohen_kappa(sentence_flags)
    both = sum(a and b for a, b in sentence_flags)
    only_a = sum(a and not b for a, b in sentence_flags)
    only_b = sum(b and not a for a, b in sentence_flags)
    out.append("sentence-level event / no-event:")
    out.append(f"  both event {both}, A only {only_a}, B only {only_b}, neither {len(sentence_flags) - both - only_a - only_b}")
    out.append(f"  observed agreement {observed:.3f}, chance {chance:.3f}, Cohen's kappa {kappa:.3f}")
    if show:
        out.append("")
        out.append("sentences where the coders differ (unmatched events over all modes; matched events differing in code, roles, mode, reported):")
        out.extend(shown)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, nargs="+", required=True, help="first coder's label files (reference)")
    parser.add_argument("--b", type=Path, nargs="+", required=True, help="second coder's label files")
    parser.add_argument("--show", action="store_true", help="list the sentences where the coders differ")
    args = parser.parse_args()
    a_records, b_records = read_labels(args.a), read_labels(args.b)
    print("\n".join(compare(a_records, b_records, args.show)))


if __name__ == "__main__":
    main()
