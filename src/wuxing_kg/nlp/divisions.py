"""The national table of administrative divisions (GB/T 2260), loaded once.

Looks up names that were already found in the text (full names such as 成都市,
short names such as 成都 in safe contexts, historical names such as 赣县) — it is
never used to scan free text blindly (NOTES.md: that gives false hits).
"""

from __future__ import annotations

import csv
import gzip
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import settings

Level = str  # province | city | county


@dataclass(frozen=True)
class Division:
    name: str  # current official name: 赣县区
    code: str  # 6-digit GB/T 2260 code
    level: Level
    parent_code: str | None  # province for a city; city (or province) for a county

    @property
    def short(self) -> str:
        return short_name(self.name, self.level)


# Suffixes stripped to get the name people write without them (成都市 → 成都).
_ETHNIC = (
    "蒙古族|藏族|回族|维吾尔族|苗族|彝族|壮族|布依族|朝鲜族|满族|侗族|瑶族|白族|土家族|哈尼族|哈萨克族|傣族|黎族|"
    "傈僳族|佤族|畲族|拉祜族|水族|东乡族|纳西族|景颇族|柯尔克孜族|土族|达斡尔族|仫佬族|羌族|布朗族|撒拉族|毛南族|"
    "仡佬族|锡伯族|阿昌族|普米族|塔吉克族|怒族|乌孜别克族|俄罗斯族|鄂温克族|德昂族|保安族|裕固族|京族|塔塔尔族|"
    "独龙族|鄂伦春族|赫哲族|门巴族|珞巴族|基诺族|各族"
)
_SUFFIX_RE = {
    "province": re.compile(r"(?:(?:壮族|回族|维吾尔)?自治区|特别行政区|省|市)$"),
    "city": re.compile(rf"(?:(?:{_ETHNIC})+自治州|地区|盟|市)$"),
    "county": re.compile(rf"(?:(?:{_ETHNIC})+自治[县旗]|林区|特区|县|区|市|旗)$"),
}


def short_name(name: str, level: Level) -> str:
    """成都市 → 成都, 凉山彝族自治州 → 凉山, 义县 → 义县 (a short form needs ≥ 2 chars)."""
    pattern = _SUFFIX_RE.get(level)
    if not pattern:
        return name
    short = pattern.sub("", name)
    if level == "province" and name.endswith("自治区"):
        short = re.sub(r"(?:壮族|回族|维吾尔)$", "", short)
    return short if len(short) >= 2 else name


def _data_dir() -> Path:
    for candidate in (settings.DATA_DIR / "divisions", settings.PACKAGE_DIR / "data" / "divisions"):
        if (candidate / "adcodes.csv").exists():
            return candidate
    raise FileNotFoundError("data/divisions/adcodes.csv not found")


def _level(code12: str) -> Level | None:
    if code12[6:] != "000000":
        return None  # townships are not in the table
    if code12[2:6] == "0000":
        return "province"
    if code12[4:6] == "00":
        return "city"
    return "county"


class DivisionTable:
    def __init__(self, rows: list[Division], historical: dict[str, Division]) -> None:
        self.by_code: dict[str, Division] = {d.code: d for d in rows}
        self.by_name: dict[str, list[Division]] = {}
        self.by_short: dict[str, list[Division]] = {}
        for d in rows:
            self.by_name.setdefault(d.name, []).append(d)
            if d.short != d.name:
                self.by_short.setdefault(d.short, []).append(d)
                # Autonomous prefectures/counties are written short + 州/县 (湘西州, 东乡县).
                m = re.search(r"自治([州县旗])$", d.name)
                if m and len(d.short) >= 2 and d.short + m.group(1) not in self.by_name:
                    self.by_name.setdefault(d.short + m.group(1), []).append(d)
        self.historical = historical
        self.all_names = frozenset(self.by_name) | frozenset(historical)
        self.max_len = max(len(n) for n in [*self.by_name, *historical])

    def parent(self, d: Division) -> Division | None:
        return self.by_code.get(d.parent_code) if d.parent_code else None

    def province_of(self, d: Division) -> Division | None:
        return self.by_code.get(d.code[:2] + "0000")

    def city_of(self, d: Division) -> Division | None:
        if d.level == "county":
            return self.by_code.get(d.code[:4] + "00")
        return d if d.level == "city" else None

    def lookup(self, name: str, *, within: str | None = None, short: bool = False) -> Division | None:
        """A division by full (or historical, or with short=True short) name.

        `within` is a code prefix (province/city code) that breaks ties between equal
        names (朝阳区 in Beijing and in Changchun)."""
        candidates = list(self.by_name.get(name, ()))
        if not candidates and name in self.historical:
            candidates = [self.historical[name]]
        if not candidates and short:
            candidates = list(self.by_short.get(name, ()))
        if not candidates:
            return None
        # A municipality appears as both province (110000) and city (110100): prefer the province.
        candidates.sort(key=lambda d: ("province", "city", "county").index(d.level))
        if within:
            for prefix in (within.rstrip("0") or within, within[:4], within[:2]):
                inside = [d for d in candidates if d.code.startswith(prefix)]
                if inside:
                    return inside[0]
        return candidates[0]


@lru_cache(maxsize=1)
def table() -> DivisionTable:
    base = _data_dir()
    rows: list[Division] = []
    # supplement.csv: GB/T 2260 county-level units the packaged table lacks (same columns).
    sources = [base / "adcodes.csv", *([base / "supplement.csv"] if (base / "supplement.csv").exists() else [])]
    records_ = [rec for path in sources for rec in csv.DictReader(open(path, encoding="utf-8"))]
    if True:
        for rec in records_:
            code12 = rec["adcode"]
            level = _level(code12)
            name = rec["name"].strip()
            if level is None or not name or code12.startswith("99") or name.endswith("直辖"):
                continue
            code = code12[:6]
            if level == "province":
                parent = None
            elif level == "city":
                parent = code[:2] + "0000"
            else:
                parent = code[:4] + "00"
            rows.append(Division(name, code, level, parent))
    codes = {d.code for d in rows}
    # Counties directly under a province (省直辖县级行政区划) have no city row.
    rows = [
        d if d.parent_code in codes or d.parent_code is None else Division(d.name, d.code, d.level, d.code[:2] + "0000")
        for d in rows
    ]
    by_code = {d.code: d for d in rows}
    historical: dict[str, Division] = {}
    hist_path = base / "historical.csv"
    if hist_path.exists():
        with open(hist_path, encoding="utf-8") as fh:
            for rec in csv.DictReader(fh):
                current = by_code.get(rec["new_code"])
                if current:
                    historical[rec["old_name"]] = current
    by_name = {d.name for d in rows}
    for old, current in _derived_former_names(rows):
        if old not in by_name and old not in historical:
            historical[old] = current
    return DivisionTable(rows, historical)


def _derived_former_names(rows: list[Division]) -> list[tuple[str, Division]]:
    """Former names that follow from the usual conversions, so that a bulletin written
    before a county became a district or a county-level city still resolves:
    X县 → X区 or X市, e.g. 某某县 (2015) → 某某区 (2016).
    The curated historical.csv covers renames that change the stem (郫县 → 郫都区)."""
    out: list[tuple[str, Division]] = []
    for d in rows:
        if d.level != "county" or len(d.name) < 3:
            continue
        stem, suffix = d.name[:-1], d.name[-1]
        if suffix == "区":
            if stem.endswith("县"):  # 某县区 was 某县
                out.append((stem, d))
            elif len(stem) >= 2 and not stem.endswith(("城", "新", "开发", "矿")):
                # Not X市 → X区: too many X市 strings are X市场; historical.csv lists those.
                out.append((stem + "县", d))
        elif suffix == "市" and len(stem) >= 2:
            out.append((stem + "县", d))
    return out


@dataclass(frozen=True)
class Township:
    name: str  # 某某镇, 某某乡, 某某街道, 某某苏木
    county_code: str  # GB/T 2260 code of its county-level unit

    @property
    def short(self) -> str:
        """The name without its kind (某某镇 → 某某); the full name when that leaves one character."""
        return _township_short(self.name)


@lru_cache(maxsize=None)
def _township_short(name: str) -> str:
    short = _TOWNSHIP_KIND_END.sub("", name)
    return short if len(short) >= 2 else name


_TOWNSHIP_KIND_END = re.compile(r"(?:街道|镇|乡|苏木)$")


@lru_cache(maxsize=1)
def townships_by_county() -> dict[str, tuple[Township, ...]]:
    """Township-level units per county code, from data/divisions/townships.csv.gz (the
    national statistical division list, see data/divisions/README.md); empty without the file."""
    path = _data_dir() / "townships.csv.gz"
    if not path.exists():
        return {}
    names: dict[str, list[str]] = {}
    lines = gzip.decompress(path.read_bytes()).decode("utf-8").splitlines()
    for line in lines[1:]:  # header: county_code,name (plain values: no quoting in this file)
        code, _, name = line.partition(",")
        names.setdefault(code, []).append(name)
    return {code: tuple(Township(n, code) for n in ns) for code, ns in names.items()}
