"""Compose dictionary mentions into actors using the dependency parse.

"Japanese Self-Defense Forces" -> JPN + ~MIL = JPNMIL; "the government of Gondor" -> GONGOV;
"the ambassadors of Arnor, Osgiliath and Gondor" -> ARNGOV, OSGGOV, GONGOV; "MSF Arnor" -> NGO~ + ARN;
"Ishiba's government" -> JPNGOV (a role already in the code is not repeated). A mention modifying
another (compound, possessive, apposition) joins its group; the leftmost actor is the group's base.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from dyadwatch.actors.match import Mention

MOD_DEPS = {"compound", "poss", "amod", "nmod", "appos", "flat", "nn", "npadvmod", "case", "det", "nummod"}
OF_PREPS = {"of", "in", "from", "for", "at"}
# Prepositions that make an actor the place where a role is ('protesters in Nairobi', 'students from
# Tehran'): a capital standing for its government (KENGOV) then lends only its country to the role.
PLACE_OF_ROLE_PREPS = {"in", "from", "at"}


@dataclass(slots=True)
class ActorGroup:
    """One actor as the coder sees it: token span, head token, and one code per alternative."""

    codes: list[str]
    start: int
    end: int
    head: int
    mentions: list[Mention] = field(default_factory=list)
    person: bool = False
    name: str = ""
    source: str = ""  # dictionary entry (file:line) that named the base actor
    resolved_from: str | None = None
    titles: list[str] = field(default_factory=list)
    has_actor: bool = True

    def tokens(self) -> set[int]:
        out: set[int] = set()
        for m in self.mentions:
            out.update(range(m.start, m.end))
        return out


def compose_code(prefixes: list[str], base: str, suffixes: list[str]) -> str:
    code = "".join(p.replace("~", "") for p in prefixes) + base
    for suffix in suffixes:
        role = suffix.replace("~", "")
        if role and role not in code[3:]:
            code += role
    return code


def mention_head(doc: Doc, m: Mention) -> int:
    for i in range(m.start, m.end):
        head = doc[i].head.i
        if head < m.start or head >= m.end or head == i:
            return i
    return m.end - 1


def compose(doc: Doc, mentions: list[Mention]) -> list[ActorGroup]:
    live = [m for m in mentions if m.kind in ("actor", "agent")]
    owner: dict[int, int] = {}
    for idx, m in enumerate(live):
        for t in range(m.start, m.end):
            owner[t] = idx
    heads = [mention_head(doc, m) for m in live]
    parent = list(range(len(live)))
    link: dict[int, str] = {}
    place_prep: dict[int, str] = {}  # actor index -> the preposition that makes it an agent's place

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for idx, m in enumerate(live):
        t = doc[heads[idx]]
        # a coordinated mention ('Fornost and ... Gondor') is its own actor even if mis-attached as a modifier
        coordinated = any(c.dep_ == "cc" for c in t.children) or (
            m.end + 1 < len(doc) and doc[m.end].text in ("-", "–", "/") and owner.get(m.end + 1) is not None)
        steps = 0
        while steps < 12:
            steps += 1
            dep = t.dep_
            if dep in MOD_DEPS and t.head.i != t.i and not coordinated:
                t = t.head
                other = owner.get(t.i)
                if other is not None and other != idx:
                    parent[find(idx)] = find(other)
                    link[idx] = "mod"
                    break
                continue
            if dep == "conj" and t.head.i != t.i:
                t = t.head
                other = owner.get(t.i)
                if other is not None and other != idx and m.kind == "actor" and live[other].kind == "agent" \
                        and any(c.dep_ == "prep" and c.lower_ in OF_PREPS for c in t.children):
                    # 'Lawmakers in Fornost and Gondor': a conjunct of the agent's place is another place
                    parent[find(idx)] = find(other)
                    link[idx] = "of"
                    place_prep[idx] = next(c.lower_ for c in t.children if c.dep_ == "prep" and c.lower_ in OF_PREPS)
                    break
                continue
            if dep == "pobj" and t.head.dep_ == "prep" and t.head.lower_ in OF_PREPS:
                gov = t.head.head
                other = owner.get(gov.i)
                if other is not None and other != idx:
                    if live[other].kind == "agent" or t.head.lower_ == "of":
                        parent[find(idx)] = find(other)
                        link[idx] = "of" if live[other].kind == "agent" else "mod"
                        if live[other].kind == "agent":
                            place_prep[idx] = t.head.lower_
                break
            break
    groups: dict[int, list[int]] = {}
    for idx in range(len(live)):
        groups.setdefault(find(idx), []).append(idx)
    out: list[ActorGroup] = []
    for members in groups.values():
        members.sort(key=lambda i: live[i].start)
        out.append(_group(doc, [live[i] for i in members], [heads[i] for i in members],
                          [link.get(i) for i in members], {id(live[i]): place_prep[i] for i in members if i in place_prep}))
    out.sort(key=lambda g: g.start)
    return out


def _group(doc: Doc, members: list[Mention], heads: list[int], links: list[str | None],
           place_preps: dict[int, str] | None = None) -> ActorGroup:
    agents = [m for m in members if m.kind == "agent"]
    actors = [(m, lk) for m, lk in zip(members, links) if m.kind == "actor"]
    bases: list[Mention] = []
    if actors:
        alternatives = [m for m, lk in actors if lk == "of"]
        others = [m for m, lk in actors if lk != "of"]
        # 'US troops in Japan': the agent already has its actor, the place is not another one
        bases = [_specific(others) if not agents else others[0]] if others else alternatives
    prefixes = [a.codes[0] for a in agents if a.codes[0].endswith("~")]
    suffixes = [a.codes[0] for a in agents if not a.codes[0].endswith("~")]
    codes: list[str] = []
    place_preps = place_preps or {}
    for base in bases:
        # a title before a name that already carries a role ('President-elect Donald Trump') adds nothing
        own = [a.codes[0] for a in agents if not a.codes[0].endswith("~") and not a.end <= base.start]
        where = place_preps.get(id(base)) in PLACE_OF_ROLE_PREPS and not (base.entry and base.entry.titles)
        for code in base.codes:
            if where and suffixes and _government_of_a_state(code):
                code = code[:3]  # 'police in Minsk' (BLRGOV): the role of the country the capital is in
            codes.append(compose_code(prefixes, code, own if len(code) > 3 else suffixes))
    if not codes:
        codes = ([compose_code(prefixes, "---", suffixes)] if suffixes
                 else ["".join(p.replace("~", "") for p in prefixes)])
    span = range(min(m.start for m in members), max(m.end for m in members))
    head_candidates = [h for h in heads if doc[h].head.i not in span]
    head = head_candidates[0] if head_candidates else heads[0]
    person = False
    base = bases[0] if bases else None
    if base is not None:
        entry = base.entry
        # people carry titles (leaders table) or dated roles (Phoenix); countries have dated codes too
        # (Ukraine [SUN <911225] [UKR >911225]) but always a bare country code among them
        person = bool(entry and (entry.titles or (any(c.start or c.end for c in entry.codes)
                                                  and not any(len(c.code) == 3 for c in entry.codes)))) \
            or doc[mention_head(doc, base)].ent_type_ == "PERSON"
        if person and any(a.start <= head < a.end for a in agents) and not base.start <= head < base.end:
            person = False  # "Ishiba's government": a body led by a person is a group ('they'), not 'he'
    return ActorGroup(
        codes=list(dict.fromkeys(codes)),
        start=min(m.start for m in members),
        end=max(m.end for m in members),
        head=head,
        mentions=members,
        person=person,
        name=base.name if base else (agents[0].name if agents else ""),
        source=base.source if base else (agents[0].source if agents else ""),
        titles=list(base.titles) if base else [],
        has_actor=bool(bases),
    )


def _government_of_a_state(code: str) -> bool:
    """XXXGOV for a state (not IGO..., NGO..., EUR... groups): what a capital stands for."""
    return len(code) == 6 and code.endswith("GOV") and code[:3].isalpha() and code[:3] not in ("IGO", "NGO", "EUR")


def _specific(actors: list[Mention]) -> Mention:
    """The group's base: the leftmost actor, unless it is a bare country that a later actor of the
    same country refines ('Chinese President Xi Jinping': CHN, then CHNGOV -> Xi Jinping, CHNGOV).
    Only without role words in the group: with them ('U.S. Defense Secretary Mark Esper') the country
    plus the roles compose the code (USAGOVMIL)."""
    first = actors[0]
    if all(len(c) == 3 for c in first.codes):
        for other in actors[1:]:
            if other.codes and all(len(c) > 3 and c[:3] in first.codes for c in other.codes):
                return other
    return first


def known(group: ActorGroup) -> bool:
    """An actor with a country or identity (not just a role like '---GOV')."""
    return any(not code.startswith("---") for code in group.codes)


def groups_by_token(groups: list[ActorGroup]) -> dict[int, ActorGroup]:
    out: dict[int, ActorGroup] = {}
    for g in groups:
        for i in g.tokens():
            out[i] = g
    return out
