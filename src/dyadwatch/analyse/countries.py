"""Names of states as news writes them: pycountry's names and common short forms, capitals and seats
standing for governments, and adjectives; found in text by one pattern. Data tables, not logic: the
story stage reads `country_forms` (names only), the threads stage the whole set (`name_hits`)."""
from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Short forms news uses that pycountry's names do not hold (a data table, not logic).
_SHORT_NAMES = {
    "USA": ("US", "U.S.", "America"),
    "GBR": ("Britain", "UK", "U.K."),
    "RUS": ("Russia",),
    "KOR": ("South Korea",),
    "PRK": ("North Korea",),
    "VNM": ("Vietnam",),
    "SYR": ("Syria",),
    "LAO": ("Laos",),
}


@lru_cache(maxsize=1)
def country_forms() -> dict[str, str]:
    """Every name form of a state -> ISO3: pycountry's names ("Iran" from "Iran, Islamic Republic of")
    and the short forms news uses."""
    forms: dict[str, str] = {}
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}
        if "," in country.name:
            names.add(country.name.split(",")[0])  # "Iran, Islamic Republic of" -> "Iran"
        forms.update({n: country.alpha_3 for n in names if n})
    for code, names in _SHORT_NAMES.items():
        forms.update({n: code for n in names})
    forms.pop("Korea", None)  # names two states
    return forms


# what the threads stage also reads as a state, beside `country_forms`: more short names, the capitals
# and seats that stand for governments ("Washington", "the Kremlin"), and adjectives ("a French offer")
COUNTRY_ALIASES = {"Turkey": "TUR", "Kremlin": "RUS", "White House": "USA", "EU": "EUR", "European Union": "EUR",
                   "NATO": "IGOWSTNAT", "Palestinian": "PSE", "Hamas": "PSE"}
CAPITALS = {"Washington": "USA", "Moscow": "RUS", "Beijing": "CHN", "Kyiv": "UKR", "Kiev": "UKR", "Tokyo": "JPN",
            "Seoul": "KOR", "Pyongyang": "PRK", "Tehran": "IRN", "Ankara": "TUR", "Paris": "FRA", "Berlin": "DEU",
            "London": "GBR", "Brussels": "EUR", "New Delhi": "IND", "Islamabad": "PAK", "Cairo": "EGY",
            "Riyadh": "SAU", "Doha": "QAT", "Abu Dhabi": "ARE", "Damascus": "SYR", "Baghdad": "IRQ", "Caracas": "VEN",
            "Havana": "CUB", "Ottawa": "CAN", "Canberra": "AUS", "Manila": "PHL", "Hanoi": "VNM", "Bangkok": "THA",
            "Phnom Penh": "KHM", "Jakarta": "IDN", "Taipei": "TWN", "Minsk": "BLR", "Warsaw": "POL", "Rome": "ITA",
            "Madrid": "ESP", "Tel Aviv": "ISR", "Jerusalem": "ISR", "Amman": "JOR", "Beirut": "LBN", "Muscat": "OMN",
            "Kabul": "AFG", "Dhaka": "BGD", "Yerevan": "ARM", "Baku": "AZE", "Tbilisi": "GEO", "Belgrade": "SRB",
            "Budapest": "HUN", "Athens": "GRC", "Copenhagen": "DNK", "Oslo": "NOR", "Stockholm": "SWE",
            "Helsinki": "FIN", "Brasilia": "BRA", "Buenos Aires": "ARG", "Mexico City": "MEX", "Bogota": "COL",
            "Pretoria": "ZAF", "Addis Ababa": "ETH", "Khartoum": "SDN", "Nairobi": "KEN", "Abuja": "NGA"}
DEMONYMS = {"American": "USA", "Russian": "RUS", "Chinese": "CHN", "Ukrainian": "UKR", "Japanese": "JPN",
            "South Korean": "KOR", "North Korean": "PRK", "Iranian": "IRN", "Turkish": "TUR", "French": "FRA",
            "German": "DEU", "British": "GBR", "Indian": "IND", "Pakistani": "PAK", "Egyptian": "EGY", "Saudi": "SAU",
            "Qatari": "QAT", "Emirati": "ARE", "Syrian": "SYR", "Iraqi": "IRQ", "Israeli": "ISR", "Venezuelan": "VEN",
            "Cuban": "CUB", "Canadian": "CAN", "Australian": "AUS", "Philippine": "PHL", "Vietnamese": "VNM",
            "Thai": "THA", "Cambodian": "KHM", "Indonesian": "IDN", "Malaysian": "MYS", "Taiwanese": "TWN",
            "Belarusian": "BLR", "Polish": "POL", "Italian": "ITA", "Spanish": "ESP", "Jordanian": "JOR",
            "Lebanese": "LBN", "Omani": "OMN", "Afghan": "AFG", "Armenian": "ARM", "Azerbaijani": "AZE",
            "Georgian": "GEO", "Serbian": "SRB", "Hungarian": "HUN", "Greek": "GRC", "Danish": "DNK",
            "Norwegian": "NOR", "Swedish": "SWE", "Finnish": "FIN", "Brazilian": "BRA", "Argentine": "ARG",
            "Mexican": "MEX", "Colombian": "COL", "South African": "ZAF", "Ethiopian": "ETH", "Sudanese": "SDN",
            "Kenyan": "KEN", "Nigerian": "NGA", "Ecuadorian": "ECU", "Peruvian": "PER", "Chilean": "CHL"}


# endings of a state's adjective ("Mauritanian", "Senegalese", "Bahraini")
ADJECTIVE_ENDINGS = ("AN", "IAN", "ESE", "ISH", "I", "IC")


@lru_cache(maxsize=1)
def dictionary_adjectives() -> dict[str, str]:
    """Adjectives of states read from the shipped actor dictionary's country entries: a synonym of one or
    two words that ends as an adjective does and begins as the state's name ("MAURITANIAN" under
    MAURITANIA [MRT]; "SRI LANKAN"), so that every state the coder knows is known here, not only those
    in `DEMONYMS`. City and region synonyms do not qualify."""
    from dyadwatch.dictionaries.actors import read_actor_file
    from dyadwatch.settings import DATA_DIR

    out: dict[str, str] = {}
    for entry in read_actor_file(DATA_DIR / "dictionaries" / "Phoenix.Countries.actors.txt", on_error=lambda _e: None):
        codes = {c.code for c in entry.codes}
        if len(codes) != 1:
            continue
        code = codes.pop()
        if len(code) != 3 or not code.isalpha():
            continue
        stems = [n.upper() for n in country_names(code)] + [entry.name.replace("_", " ")]
        for phrase in entry.phrases:
            words = phrase.split()
            if len(words) > 2 or len(words[-1]) < 4 or not phrase.endswith(ADJECTIVE_ENDINGS) or phrase in stems:
                continue
            if any(phrase[:4] == stem[:4] or (len(words) == 2 and words[-1][:4] == stem.split()[-1][:4])
                   for stem in stems):
                out.setdefault(" ".join(w.capitalize() for w in words), code)
    return out


@lru_cache(maxsize=1)
def all_state_names() -> dict[str, str]:
    """Every name form of a state: `country_forms`, the dictionary's adjectives, and the aliases,
    capitals and adjectives above."""
    return {**country_forms(), **dictionary_adjectives(), **COUNTRY_ALIASES, **CAPITALS, **DEMONYMS}


@lru_cache(maxsize=1)
def known_names() -> re.Pattern[str]:
    """One pattern for every name form, longest first ("Papua New Guinea" before "Guinea")."""
    alternation = "|".join(re.escape(n) for n in sorted(all_state_names(), key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?!\w)")


def name_hits(text: str, names: dict[str, str] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, code) of each state named in `text`: the known name forms in one pass, then the
    story's own names (`names`, which also decide the code of a known form they hold)."""
    names = names or {}
    known = all_state_names()
    hits = [(m.start(), m.end(), names.get(m.group(0), known[m.group(0)])) for m in known_names().finditer(text)]
    for name, code in names.items():
        if name not in known:
            hits += [(m.start(), m.end(), code) for m in re.finditer(rf"(?<![\w.]){re.escape(name)}(?!\w)", text)]
    return hits


@lru_cache(maxsize=512)
def country_names(alpha3: str) -> tuple[str, ...]:
    """pycountry's name and common name of a state ("Russian Federation", "Russia"), sorted."""
    country = pycountry.countries.get(alpha_3=alpha3) if len(alpha3) == 3 and alpha3.isalpha() else None
    if country is None:
        return ()
    return tuple(sorted({getattr(country, k, "") or "" for k in ("name", "common_name")} - {""}))
