"""Which actor codes name the same actor, at the level events are matched and scored.

Countries compare by their first three letters ('USAGOV' and 'USAMIL' are the United States), and a
country without an ISO code may go by several: Kosovo is 'KSV' in the Phoenix dictionaries, 'KOS' or
'XKX' elsewhere; the same table names its identity. Organisations carry several codes: the Phoenix dictionaries code the IMF `IGOBUSIMF`, a labeller or
another coder writes `IGOIMF`. `data/actors/organisations.csv` names one identity per organisation;
an IGO code loses its trailing role codes ('IGOUNOGOV' -> 'IGOUNO') and then takes its identity.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

from dyadwatch.dictionaries.tables import read_csv_table
from dyadwatch.errors import DictionaryError

ROLE_CODES = ("GOV", "MIL", "COP", "BUS", "CVL", "ELI", "OPP", "MED", "REB", "LEG", "JUD")
IGO_CODE_MIN = 6  # 'IGO' + at least one three-letter organisation part ('IGOUNO')


def default_path() -> Path:
    return Path(str(resources.files("dyadwatch").joinpath("data/actors/organisations.csv")))


@dataclass(slots=True)
class ActorIdentities:
    """Country-level identity of actor codes: `key('IGOBUSIMFGOV') == key('IGOIMF') == 'IGOIMF'`."""

    aliases: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> ActorIdentities:
        path = path or default_path()
        aliases: dict[str, str] = {}
        for line, row in read_csv_table(path, "organisation identities", ("code", "identity")):
            code, identity = row["code"].strip().upper(), row["identity"].strip().upper()
            if not code or not identity:
                raise DictionaryError(str(path), line, "a row needs both a code and an identity")
            if aliases.get(code, identity) != identity:
                raise DictionaryError(str(path), line, f"{code} is given two identities")
            aliases[code] = identity
        return cls(aliases)

    def key(self, code: str | None) -> str | None:
        """None for no actor or a null code ('---')."""
        code = (code or "").strip().upper()
        if not code or code.startswith("---"):
            return None
        if code.startswith("IGO"):
            while len(code) > IGO_CODE_MIN and code[-3:] in ROLE_CODES:
                code = code[:-3]
            return self.aliases.get(code, code)
        return self.aliases.get(code[:3], code[:3])


@cache
def default_identities() -> ActorIdentities:
    """The shipped table, read once per process (it is read-only)."""
    return ActorIdentities.load()
