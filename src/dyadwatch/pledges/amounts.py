"""Money and GDP-share amounts in a sentence, and their value in US dollars.

Forms read: "over 10 trillion yen", "$1.2 billion", "€500m", "US$3bn", "£2 billion", "JPY 5 billion",
"ten million dollars", "a 1 billion-euro fund", "2% of GDP", "5 percent of GDP", "3 billion Norwegian
kroner", "14.6 billion Danish crowns", "5 billion Saudi riyals"; and quantities
that are not money: "30 million tonnes", "2 million tonnes of LNG a year", "400,000 barrels per day",
"1,000 more troops" (Amount.unit tonnes, tonnes_per_year, barrels_per_day, troops). Amounts named without a number ("billions of
yen", "a record sum") are kept as text with value None.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from dyadwatch.records import Amount

RATES_FILE = Path(__file__).resolve().parents[1] / "data" / "rates" / "usd_yearly.csv"

SYMBOLS = {
    "US$": "USD", "U.S.$": "USD", "$": "USD", "A$": "AUD", "AU$": "AUD", "C$": "CAD", "CA$": "CAD",
    "HK$": "HKD", "S$": "SGD", "NZ$": "NZD", "R$": "BRL", "€": "EUR", "£": "GBP", "¥": "JPY",
    "₹": "INR", "Rs.": "INR", "Rs": "INR", "₩": "KRW", "₽": "RUB", "₺": "TRY", "CHF": "CHF",
}
CURRENCY_WORDS = {
    "yen": "JPY", "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "sterling": "GBP", "yuan": "CNY", "renminbi": "CNY", "won": "KRW",
    "rupee": "INR", "rupees": "INR", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB",
    "rubles": "RUB", "franc": "CHF", "francs": "CHF", "lira": "TRY", "real": "BRL", "reais": "BRL",
    "rand": "ZAR", "peso": "MXN", "pesos": "MXN", "krona": "SEK", "kronor": "SEK", "krone": "NOK",
    "zloty": "PLN", "kroner": "NOK", "kronor": "SEK", "ringgit": "MYR", "baht": "THB", "rupiah": "IDR", "shekel": "ILS", "shekels": "ILS",
    # English names that need the nationality before them ("Danish crowns", "Qatari riyals")
    "crown": "SEK", "crowns": "SEK", "riyal": "SAR", "riyals": "SAR", "dirham": "AED", "dirhams": "AED",
    "dinar": "KWD", "dinars": "KWD",
}
# the nationality decides which crown, riyal or dinar is meant; without one the word is no money ("the crown")
NEEDS_NATIONALITY = {"crown", "crowns", "riyal", "riyals", "dirham", "dirhams", "dinar", "dinars"}
NATIONAL_PREFIXES = {"saudi": "SAR", "qatari": "QAR", "omani": "OMR", "iranian": "IRR", "yemeni": "YER",
                     "emirati": "AED", "uae": "AED", "moroccan": "MAD", "kuwaiti": "KWD", "iraqi": "IQD",
                     "jordanian": "JOD", "bahraini": "BHD", "libyan": "LYD", "tunisian": "TND", "algerian": "DZD",
                     "serbian": "RSD", "czech": "CZK"}
AMBIGUOUS_WORDS = {"won", "real", "rand", "pound", "pounds", "franc", "francs", "lira"}
DOLLAR_PREFIXES = {"us": "USD", "u.s.": "USD", "american": "USD", "australian": "AUD", "canadian": "CAD",
                   "hong kong": "HKD", "singapore": "SGD", "new zealand": "NZD"}
# "3 billion Norwegian kroner": the nationality decides which crown (krone, kroner, kronor) is meant
CROWN_PREFIXES = {"norwegian": "NOK", "danish": "DKK", "swedish": "SEK", "icelandic": "ISK"}
CROWN_WORDS = {"krone", "kroner", "kronor", "krona", "crown", "crowns"}
ISO = ("USD|EUR|JPY|GBP|CNY|KRW|INR|RUB|CHF|AUD|CAD|HKD|SGD|NZD|BRL|TRY|ZAR|MXN|SEK|NOK|PLN|"
       "MYR|THB|IDR|ILS|DKK|CZK|HUF|PHP")
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "mln": 1e6, "billion": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "tr": 1e12, "trn": 1e12, "lakh crore": 1e12, "lakh": 1e5,
          "crore": 1e7}
WORD_NUMBERS = {"one": 1, "a": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15,
                "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100, "half a": 0.5}
QUALIFIERS = ("more than", "over", "up to", "at least", "about", "around", "nearly", "almost",
              "roughly", "approximately", "some", "as much as", "as many as", "less than", "under",
              "at most", "close to", "just over", "just under", "an estimated", "a total of", "a further",
              "an additional", "another")

_Q = r"(?P<q>" + "|".join(re.escape(q) for q in sorted(QUALIFIERS, key=len, reverse=True)) + r")\s+"
_NUM = r"(?<![\w.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(
    sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True)) + r")"
_SCALE = r"(?:(?:\s*|-)(?P<scale>thousand|million|billion|trillion|lakh\s+crore|lakh|crore|mln|mn|bn|tn|trn|tr|k|m|b)\b)?"
_SYM = r"(?<![A-Za-z])(?P<sym>" + "|".join(re.escape(s) for s in sorted(SYMBOLS, key=len, reverse=True)) + r")"
_WORD = (r"(?P<pre>(?:US|U\.S\.|American|Australian|Canadian|Hong Kong|Singapore|New Zealand|Norwegian|Danish|"
         r"Swedish|Icelandic|" + "|".join(k.title() if k != "uae" else "UAE" for k in NATIONAL_PREFIXES) + r")\s+)?"
         r"(?P<word>" + "|".join(sorted(CURRENCY_WORDS, key=len, reverse=True)) + r"|" + ISO + r")\b")

PATTERNS = [
    # 2% of GDP, 5 percent of gross domestic product
    ("gdp", re.compile(rf"(?:{_Q})?{_NUM}\s*(?:%|percent\b|per cent\b|pct\b)\s+of\s+(?:(?:its|the|their|our|national|annual|the\s+country's|the\s+nation's)\s+)?"
                        r"(?:GDP|gross domestic product|economic output|national output|national income|GNI)\b", re.I)),
    # "raise its tax-to-GDP ratio to 13%", "a debt-to-GDP ratio of 60 percent": the share the ratio is to reach
    ("gdp", re.compile(rf"\b[A-Za-z]+-to-(?:GDP|gross domestic product)\s+ratio\s+(?:(?:of|to|at)\s+|from\s+\S+\s+to\s+)"
                        rf"(?:{_Q})?{_NUM}\s*(?:%|percent\b|per cent\b|pct\b)", re.I)),
    # $1.2 billion, US$3bn, €500m, ¥10 trillion
    ("symbol", re.compile(rf"(?:{_Q})?{_SYM}\s?{_NUM}{_SCALE}", re.I)),
    # 10 trillion yen, 3 billion US dollars, 5 billion USD, a 1 billion-euro fund
    ("word", re.compile(rf"(?:{_Q})?{_NUM}{_SCALE}(?:\s+|(?<=[a-z])-)(?:of\s+)?{_WORD}", re.I)),
    # JPY 5 billion, USD 300m
    ("iso", re.compile(rf"(?:{_Q})?(?P<word>{ISO})\s?{_NUM}{_SCALE}")),
    # 400,000 barrels per day, 100,000 barrels a day of crude, 2 million bpd
    ("barrels_per_day", re.compile(rf"(?:{_Q})?{_NUM}{_SCALE}\s+(?:(?:more|additional|extra)\s+)?(?:barrels\s+"
                                   r"(?:per|a|each)\s+day|barrels\s+daily|bpd|b/d)\b", re.I)),
    # 2 million tonnes of liquefied natural gas a year; 30 million metric tons
    ("tonnes", re.compile(rf"(?:{_Q})?{_NUM}{_SCALE}\s+(?:(?:more|additional|extra)\s+)?(?:metric\s+)?"
                          r"(?:tonnes|tons|tonnes|mt)\b(?P<per>(?:\s+of(?:\s+[A-Za-z-]+){1,4}?)?\s+(?:a|per|each)\s+"
                          r"(?:year|annum)|(?:\s+of(?:\s+[A-Za-z-]+){1,4}?)?\s+(?:annually|yearly))?", re.I)),
    # 1,000 more troops, 2,500 additional soldiers
    # "a 5,000-strong force", "a 1,200-strong contingent"
    ("strong", re.compile(rf"(?:{_Q})?{_NUM}{_SCALE}-strong\s+(?:[a-z]+\s+)?(?:force|brigade|contingent|battalion|"
                          r"mission|division|regiment|deployment|battlegroup|battle group)\b", re.I)),
    ("troops", re.compile(rf"(?:{_Q})?{_NUM}{_SCALE}\s+(?:(?:more|additional|extra|new|further|fresh|"
                          r"American|US|U\.S\.|British|French|German)\s+){0,2}(?:troops|soldiers|service\s+members)\b")),
]
QUANTITY_UNITS = {"barrels_per_day": "barrels_per_day", "troops": "troops", "strong": "troops"}
VAGUE = re.compile(
    r"\b(?:(?:hundreds|tens|thousands|millions|billions|trillions)\s+of\s+(?:(?:millions|billions)\s+of\s+)?"
    rf"{_WORD}|(?:a|an)\s+(?:record|undisclosed|unspecified|large|huge|significant|substantial|massive|"
    r"hefty|modest|sizeable|sizable|vast)\s+(?:sum|amount)(?:\s+of\s+money)?)", re.I)


@dataclass(frozen=True, slots=True)
class FoundAmount:
    amount: Amount
    start: int  # offsets in the sentence
    end: int


class RateTable:
    """Yearly units-per-USD rates loaded from the packaged CSV (see data/rates/SOURCES.md)."""

    def __init__(self, rates: dict[tuple[int, str], float]):
        self.rates = rates
        self.latest = max((y for y, _ in rates), default=None)

    @classmethod
    def load(cls, path: str | Path = RATES_FILE) -> "RateTable":
        rates: dict[tuple[int, str], float] = {}
        with Path(path).open(encoding="utf-8") as fh:
            rows = csv.DictReader(line for line in fh if not line.startswith("#"))
            for row in rows:
                rates[(int(row["year"]), row["currency"])] = float(row["units_per_usd"])
        return cls(rates)

    def to_usd(self, value: float, currency: str, year: int | None) -> tuple[float, int] | None:
        """(value in USD, year of the rate used) or None when the currency is not in the table."""
        years = [year] if year else []
        if self.latest is not None:
            years.append(self.latest)
        for y in years:
            if y is not None and (y, currency) in self.rates:
                return value / self.rates[(y, currency)], y
        if year and self.latest and year > self.latest:
            return None
        return None


@lru_cache(maxsize=1)
def default_rates() -> RateTable:
    return RateTable.load()


def find_amounts(sentence: str, *, year: int | None = None, rates: RateTable | None = None) -> list[FoundAmount]:
    """Every amount in the sentence, left to right, with USD values where a rate is known."""
    rates = rates or default_rates()
    found: list[FoundAmount] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in PATTERNS:
        for m in pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            amount = _build(kind, m, year, rates)
            if amount is not None:
                found.append(FoundAmount(amount, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    for m in VAGUE.finditer(sentence):
        if not any(m.start() < e and s < m.end() for s, e in taken):
            cur = _word_currency(m.group("pre"), m.group("word")) if m.group("word") else None
            found.append(FoundAmount(Amount(text=m.group(0), currency=cur), m.start(), m.end()))
            taken.append((m.start(), m.end()))
    return sorted(found, key=lambda f: f.start)


def _build(kind: str, m: re.Match[str], year: int | None, rates: RateTable) -> Amount | None:
    number = _number(m.group("num"))
    if number is None or (m.group("num").lower() == "a" and not m.groupdict().get("scale")):
        return None  # "a" is a number only in "a million", "a billion"
    scale = (m.groupdict().get("scale") or "").lower()
    value = number * SCALES.get(scale, 1.0)
    qualifier = (m.group("q") or "").lower() or None
    if kind == "gdp":
        return Amount(text=m.group(0), value=number, unit="percent_gdp", qualifier=qualifier)
    if kind == "tonnes":
        unit = "tonnes_per_year" if m.group("per") else "tonnes"
        return Amount(text=m.group(0), value=value, unit=unit, qualifier=qualifier)
    if kind in QUANTITY_UNITS:
        return Amount(text=m.group(0), value=value, unit=QUANTITY_UNITS[kind], qualifier=qualifier)
    if kind == "symbol":
        if scale in ("m", "b", "k") and not _tight_suffix(m):
            return None
        currency = SYMBOLS[_symbol_key(m.group("sym"))]
    else:
        if kind == "word" and not scale and len(m.group("num")) <= 4 and m.group("num").isdigit() \
                and 1800 <= int(m.group("num")) <= 2200:
            return None  # "2030 euros" is more likely a year next to a word than an amount
        if m.group("word").lower() in NEEDS_NATIONALITY and not m.groupdict().get("pre"):
            return None
        if kind == "word" and not scale and m.group("word").lower() in AMBIGUOUS_WORDS:
            return None  # "5,200 pounds" (weight), "3 won", "a real": money only with a scale word
        currency = _word_currency(m.groupdict().get("pre"), m.group("word"))
    amount = Amount(text=m.group(0), value=value, currency=currency, qualifier=qualifier)
    converted = rates.to_usd(value, currency, year) if currency else None
    if converted:
        amount.usd, amount.usd_rate_year = round(converted[0], 2), converted[1]
    return amount


def _tight_suffix(m: re.Match[str]) -> bool:
    """A one-letter scale ("m", "b", "k") counts only written right after the number: "€500m"."""
    return m.end("num") == m.start("scale")


def _symbol_key(sym: str) -> str:
    for key in SYMBOLS:
        if key.lower() == sym.lower():
            return key
    return sym


def _word_currency(prefix: str | None, word: str) -> str:
    if word.upper() == word and len(word) == 3 and word.isalpha() and word.lower() not in CURRENCY_WORDS:
        return word.upper()
    code = CURRENCY_WORDS[word.lower()]
    nationality = (prefix or "").strip().lower()
    if word.lower() in CROWN_WORDS and prefix:
        return CROWN_PREFIXES.get(nationality, NATIONAL_PREFIXES.get(nationality, code))
    if word.lower() in NEEDS_NATIONALITY and nationality in NATIONAL_PREFIXES:
        return NATIONAL_PREFIXES[nationality]
    if code == "USD" and prefix:
        code = DOLLAR_PREFIXES.get(prefix.strip().lower(), "USD")
    return code


def _number(text: str) -> float | None:
    t = text.lower()
    if t in WORD_NUMBERS:
        return float(WORD_NUMBERS[t])
    try:
        return float(t.replace(",", ""))
    except ValueError:
        return None
