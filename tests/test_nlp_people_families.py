"""People rule families (bylines, signatures, post words, common words), on sentences written for these tests."""

from __future__ import annotations

from wuxing_kg.nlp.people import (
    find_people,
    find_people_after_role,
    find_people_bylines,
    find_people_post_after,
    find_people_signatures,
    find_people_speakers_and_inner_posts,
)


def _names(found: list[dict]) -> list[str]:
    return [p["name"] for p in found]


def test_bylines_after_an_outlet_word_a_bracket_or_a_colon() -> None:
    assert _names(find_people_bylines("■本报记者 王小明 李海涛 摄\n")) == ["王小明", "李海涛"]
    assert _names(find_people_bylines("[责任编辑：周晓梅 ]")) == ["周晓梅"]
    assert _names(find_people_bylines("10:02来源：某某网责编：孟佳")) == ["孟佳"]


def test_opening_bracket_byline_and_publisher_line() -> None:
    assert _names(find_people_bylines("某社长沙5月3日电 （贺文杰）记者3日获悉，")) == ["贺文杰"]
    assert _names(find_people_bylines("（钱立新）近日，全县召开会议。")) == ["钱立新"]
    assert _names(find_people_bylines("年度总结\n唐国华 发布    浏览20次\n")) == ["唐国华"]
    assert _names(find_people_bylines("（详见附件）近日")) == []  # not a name


def test_signature_lines_with_typesetting_spaces() -> None:
    found = find_people_signatures("在县第五届人民代表大会上\n县 长 吴 刚\n各位代表：")
    assert _names(found) == ["吴刚"] and found[0]["posts"] == ["县长"]
    found = find_people_signatures("县委副书记、县长 阿不都·热合曼\n（2024年1月5日）")
    assert _names(found) == ["阿不都·热合曼"] and found[0]["posts"] == ["县委副书记", "县长"]
    assert _names(find_people_signatures("某县发展和改革局局长 丁 伟各位代表：")) == ["丁伟"]
    assert find_people_signatures("项目建设 稳步推进\n") == []  # no post title


def test_section_heads_in_long_post_chains() -> None:
    text = "县委组织部干部科科长沈立平介绍。"
    assert _names(find_people(text, [(0, 5)])) == ["沈立平"]


def test_general_secretary_marks_the_name_before_it() -> None:
    found = find_people_post_after("认真贯彻落实习文彬总书记重要讲话精神")
    assert _names(found) == ["习文彬"] and found[0]["posts"] == ["总书记"]


def test_common_words_are_never_names() -> None:
    assert find_people_after_role("随时受理群众来电，及时办理。") == []
    assert find_people_after_role("村民高度认可，") == []
    assert "重要" not in _names(find_people("市委书记重要讲话精神", []))


def test_names_do_not_swallow_the_verb_of_telling_after_them() -> None:
    assert _names(find_people("镇党委书记郑启航坦言，", [])) == ["郑启航"]
    assert _names(find_people("村党支部书记王芳感慨道，", [])) == ["王芳"]


def test_a_two_character_byline_name_set_with_a_space() -> None:
    assert _names(find_people_bylines("10:30作者：韩 梅来源：某某网")) == ["韩梅"]


def test_photo_credits_and_dateline_bylines() -> None:
    assert _names(find_people_bylines("新修的村道。王永刚 摄\n")) == ["王永刚"]
    assert _names(find_people_bylines("田间一景。本报记者 杜明 摄")) == ["杜明"]
    assert _names(find_people_bylines("某某日报讯 孙晓 周立2月1日，")) == ["孙晓", "周立"]
    assert find_people_bylines("他拍摄了照片。") == []


def test_a_byline_bracket_after_a_sentence_end() -> None:
    assert _names(find_people_bylines("生活更美好。（钱芳）下一篇")) == ["钱芳"]
    assert _names(find_people_bylines("户均增收500元。（某某新闻网 韩冰）")) == ["韩冰"]


def test_quoted_speakers_and_a_name_inside_the_post() -> None:
    found = find_people_speakers_and_inner_posts("“日子好了。”孟庆说。获省委鲁国平书记批示。")
    assert _names(found) == ["孟庆", "鲁国平"] and found[1]["posts"] == ["书记"]


def test_a_name_does_not_swallow_the_word_after_it() -> None:
    # 正在 / 会同 / 应邀 open the clause: the third character is no given name.
    assert _names(find_people("镇党委书记赵明正在讲课。", [])) == ["赵明"]
    assert _names(find_people("市派第一书记孙丽会同村两委商议。", [])) == ["孙丽"]
    assert _names(find_people("政协副主席钱进应邀出席会议。", [])) == ["钱进"]


def test_every_name_of_a_list_after_one_post_holds_it() -> None:
    found = find_people("县长周海，副县长吴刚、郑伟、扎西多吉、洛桑,冯晓及各部门负责人参加。", [])
    assert _names(found) == ["周海", "吴刚", "郑伟", "扎西多吉", "洛桑", "冯晓"]
    assert all(p["posts"] == ["副县长"] for p in found[1:])


def test_bylines_of_media_centres_agencies_and_datelines() -> None:
    assert _names(find_people_bylines("报道员:王小红、李建\n")) == ["王小红", "李建"]
    assert _names(find_people_bylines("文_某某全媒体记者 / 刘晓\n")) == ["刘晓"]
    assert _names(find_people_bylines("某某社记者林海、何平\n")) == ["林海", "何平"]
    assert _names(find_people_bylines("某某日报5月8日讯(全媒体记者 陈亮 通讯员 黄波)")) == ["陈亮", "黄波"]
    assert _names(find_people_bylines("本报讯 记者高山报道 6月19日")) == ["高山"]
    assert _names(find_people_bylines("某某日报讯 (马军 显根)新年前夕")) == ["马军", "显根"]
