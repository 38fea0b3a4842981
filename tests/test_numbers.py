"""nlp.numbers: exact numbers, magnitudes, Chinese numerals, units and bound words."""

from decimal import Decimal

import pytest

from wuxing_kg.nlp.numbers import ascii_digits, find_quantities, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("3.3万", "33000"),
        ("11.18亿", "1118000000"),
        ("174.58亿", "17458000000"),
        ("1,234.5", "1234.5"),
        ("2万亿", "2000000000000"),
        ("一百二十三", "123"),
        ("八", "8"),
        ("十", "10"),
        ("两", "2"),
        ("两万八千", "28000"),
        ("二〇一九", "2019"),
        ("0.05", "0.05"),
    ],
)
def test_parse_number_is_exact(text: str, value: str) -> None:
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "万", "abc", "3.3万个", "百分点"])
def test_parse_number_rejects_non_numbers(text: str) -> None:
    assert parse_number(text) is None


def _one(text: str):
    found = find_quantities(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("增加学位3.3万个以上", "33000", "个", "以上"),
        ("实际利用外资 11.18 亿美元", "1118000000", "美元", None),
        ("获贷款1800万元", "18000000", "元", None),
        ("提高10个百分点以上", "10", "百分点", "以上"),
        ("同比增长9.17%", "9.17", "%", None),
        ("同比增长9.2％", "9.2", "%", None),
        ("已注册老年人 5000 余人", "5000", "人", "余"),
        ("累计12000多个小时", "12000", "小时", "多"),
        ("种植马铃薯100.5万亩", "1005000", "亩", None),
        ("新建线路412公里", "412", "公里", None),
        ("新建10千米步道", "10", "千米", None),
        ("悬挂光荣牌两万八千余块", "28000", "块", "余"),
        ("发放慰问金二百一十万元", "2100000", "元", None),
        ("选派民警253人次", "253", "人次", None),
        ("共组织 15 批次", "15", "批次", None),
        ("百分之十五", "15", "%", None),
        ("品牌价值突破百亿元", "10000000000", "元", None),
        ("浓度为38微克/立方米", "38", "微克/立方米", None),
        ("增长２１．６％", "21.6", "%", None),
        ("1,200辆", "1200", "辆", None),
        ("开业率95%左右", "95", "%", "约"),
        ("平时需要50多个人做工", "50", "人", "多"),  # 个人 counts people; 3个人才项目 counts 个
    ],
)
def test_quantities_in_base_units(text: str, value: str, unit: str, qualifier: str | None) -> None:
    q = _one(text)
    assert (q.value, q.unit, q.qualifier) == (Decimal(value), unit, qualifier)


def test_ranges_take_the_upper_bound_with_qualifier() -> None:
    # tests/realset/README.md convention 5: value = the upper bound, qualifier 以内
    q = _one("增长10-15%")
    assert (q.value, q.unit, q.qualifier, q.is_range) == (Decimal(15), "%", "以内", True)
    q = _one("建设3至5个示范点")
    assert (q.value, q.unit, q.is_range) == (Decimal(5), "个", True)
    q = _one("投资3-5万元")
    assert q.value == Decimal(50000)
    q = _one("每亩施肥2~3吨左右")
    assert (q.value, q.qualifier) == (Decimal(3), "约")


def test_dates_years_and_codes_have_no_unit() -> None:
    assert find_quantities("2019年8月16日 （2018-2030） 电话：8392217 110接处警 7月31日") == []


def test_span_offsets_point_at_the_text() -> None:
    text = "其中森林公园 31 个、风景名胜区 9 个"
    spans = [text[q.start : q.end] for q in find_quantities(text)]
    assert spans == ["31 个", "9 个"]


def test_letters_glued_to_digits_are_names() -> None:
    assert find_quantities("PM2.5浓度") == []
    assert [q.value for q in find_quantities("建成5G基站1200个")] == [Decimal(1200)]


def test_ascii_digits_keeps_length() -> None:
    s = "２０２１年１－６月增长２１．６％"
    assert ascii_digits(s) == "2021年1-6月增长21.6％"
    assert len(ascii_digits(s)) == len(s)


def test_pdf_space_after_decimal_point_and_new_units() -> None:
    found = [(q.value, q.unit) for q in find_quantities("累计完成投资128. 6亿元，新增变电容量72万千伏安，加装电梯6部")]
    assert found == [(Decimal("12860000000"), "元"), (Decimal("720000"), "千伏安"), (Decimal(6), "部")]
    assert find_quantities("三部门联合开展检查，一部分群众") == []


def test_cases_and_trains_but_not_for_example_or_listed() -> None:
    found = [(q.value, q.unit) for q in find_quantities("完成远程会诊2100余例，开行中欧班列5001列")]
    assert found == [(Decimal(2100), "例"), (Decimal(5001), "列")]
    assert find_quantities("有3例外，5列入名单") == []


def test_counters_of_wells_fry_rounds_and_books_but_not_their_lookalikes() -> None:
    found = [(q.value, q.unit) for q in find_quantities("打井12眼，投放鱼苗50万尾，开展3轮督查，发放图书2000本")]
    assert found == [(Decimal(12), "眼"), (Decimal(500000), "尾"), (Decimal(3), "轮"), (Decimal(2000), "本")]
    assert find_quantities("3口岸，1本地") == []


def test_kilowatt_hours_as_du_and_latin_unit_symbols() -> None:
    found = [(q.value, q.unit) for q in find_quantities("发电量21.6亿度，新建厂房3.5万㎡，铺设管网12km，装机50MW")]
    assert found == [(Decimal(2160000000), "度"), (Decimal(35000), "平方米"), (Decimal(12), "公里"), (Decimal(50), "兆瓦")]
    assert find_quantities("年度考核") == []


@pytest.mark.parametrize(
    "text, value, unit, qualifier",
    [
        ("占比重达到百分之三点二", "3.2", "%", None),
        ("比上年提高零点四个百分点", "0.4", "百分点", None),
        ("较去年同期增长三成", "30", "%", None),
        ("授信覆盖率九成以上", "90", "%", "以上"),
    ],
)
def test_chinese_decimals_and_tenths(text: str, value: str, unit: str, qualifier: str | None) -> None:
    (q,) = find_quantities(text)
    assert (q.value, q.unit, q.qualifier) == (Decimal(value), unit, qualifier)


@pytest.mark.parametrize("text", ["工作一成不变", "三点钟召开会议"])
def test_words_that_look_like_tenths_or_decimals_are_not_numbers(text: str) -> None:
    assert find_quantities(text) == []
