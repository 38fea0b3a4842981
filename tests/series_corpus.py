"""Five short issues of one invented bulletin series, for the series and diff CLI tests.

Same masthead (title, issuer) in every issue, 第1期..第5期 with increasing dates. Across
the issues: the foreign-investment level and its growth rate change every month (issue 5
repeats issue 4's rate), the indicator is written 实际利用外资 in odd and 实际使用外资 in
even issues, a programme (“时间银行”) and its department appear in issue 3, and the
housing bureau is named by its short form until issue 3 and by its full form from
issue 4 on.
"""

from __future__ import annotations

from pathlib import Path

# issue → (date line, foreign-investment sentence, programme sentence, housing sentence)
ISSUES: dict[int, tuple[str, str, str, str]] = {
    1: ("2021 年 3 月 10 日", "实际利用外资2.1亿美元，同比增长5.2%", "", "市住建局推进老旧小区改造，完成改造小区12个。"),
    2: ("2021 年 4 月 12 日", "实际使用外资3.4亿美元，同比增长6.8%", "", "市住建局推进老旧小区改造，完成改造小区20个。"),
    3: (
        "2021 年 5 月 14 日",
        "实际利用外资4.6亿美元，同比增长7.1%",
        "市人社局启动“时间银行”养老服务试点，首批吸纳志愿者300名。",
        "市住建局推进老旧小区改造，完成改造小区31个。",
    ),
    4: (
        "2021 年 6 月 15 日",
        "实际使用外资5.9亿美元，同比增长8.0%",
        "市人社局推进“时间银行”养老服务试点，累计吸纳志愿者800名。",
        "市住房和城乡建设局推进老旧小区改造，完成改造小区45个。",
    ),
    5: (
        "2021 年 7 月 16 日",
        "实际利用外资7.3亿美元，同比增长8.0%",
        "市人社局推进“时间银行”养老服务试点，累计吸纳志愿者1200名。",
        "市住房和城乡建设局推进老旧小区改造，完成改造小区60个。",
    ),
}


def bulletin_text(n: int) -> str:
    date, fdi, programme, housing = ISSUES[n]
    return f"""某某市营商环境建设

工作简报

第 {n} 期

市营商环境建设领导小组办公室

{date}

【工作动态】

市商务局全力推进招商引资

今年以来，市商务局强化招商引资。1-{n + 1}月，全市{fdi}。

市住建局扎实推进城市更新

{housing}{programme}
"""


def write_corpus(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in ISSUES:
        path = directory / f"series-issue-{n}.txt"
        path.write_text(bulletin_text(n), encoding="utf-8")
        paths.append(path)
    return paths


def build_store(root: Path) -> Path:
    """Ingest the five issues with the real pipeline into a new store under `root`."""
    from wuxing_kg.ingest import ingest_paths

    store = root / "store"
    report = ingest_paths(write_corpus(root / "bulletins"), store)
    assert len(report.bulletins) == 5 and not report.invalid
    return store
