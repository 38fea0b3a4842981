"""The national division table resolves current, curated former and derived former names."""

from __future__ import annotations

import pytest

from wuxing_kg.nlp.divisions import table


@pytest.mark.parametrize(
    "written, current, code",
    [
        ("安塞县", "安塞区", "610603"),  # derived: county → district (2016)
        ("江油县", "江油市", "510781"),  # derived: county → county-level city
        ("郫县", "郫都区", "510117"),  # curated: the stem changed
        ("萧山市", "萧山区", "330109"),  # curated: county-level city → district
    ],
)
def test_former_names_resolve_to_the_current_division(written: str, current: str, code: str) -> None:
    d = table().lookup(written)
    assert d is not None and (d.name, d.code) == (current, code)


def test_current_names_are_never_shadowed_by_a_derived_former_name() -> None:
    t = table()
    # 朝阳县 is a county of its own (辽宁), not the former name of a 朝阳区.
    d = t.lookup("朝阳县")
    assert d is not None and d.name == "朝阳县" and d.code.startswith("21")
    assert "新华市" not in t.historical  # X市 would match inside X市场
