"""Programme rule families (short frameworks, X长制, frame strategies, honours), on sentences written for these tests."""

from __future__ import annotations

from wuxing_kg.nlp.programs import find_programs


def _texts(text: str, title_len: int = 0) -> list[str]:
    return [p["text"] for p in find_programs(text, title_len)]


def test_short_numbered_frameworks_are_programmes() -> None:
    assert _texts("全镇落实“五保”任务，推进“三个到位”。") == ["“五保”", "“三个到位”"]
    assert _texts("围绕“两不愁一兜底”持续发力") == ["“两不愁一兜底”"]  # two numbered chunks
    assert _texts("总结“七字诀”，")  == ["“七字诀”"]


def test_numbered_mindsets_periods_and_promises_are_not() -> None:
    assert _texts("树牢“六大思维”，落实“三个着力”重要要求。") == []
    assert _texts("“十五五”开局之年") == []
    assert _texts("窗口承诺“一次不用跑”。") == []  # a service promise, not a framework
    assert _texts("出台“十二条措施”") == []


def test_chief_systems() -> None:
    found = _texts("全面推行“塘长制”，落实林长制、渠长制。")
    assert "“塘长制”" in found and "林长制" in found and "渠长制" in found
    assert _texts("反对家长制作风") == []


def test_frame_strategy_only_in_the_title_or_when_run() -> None:
    title = "某县：文旅融合助力乡村振兴"
    text = title + "\n该县为推动乡村振兴提供支撑，全面实施乡村振兴战略。"
    found = find_programs(text, len(title))
    spans = [(p["start"], p["text"]) for p in found]
    assert (title.index("乡村振兴"), "乡村振兴") in spans  # in the title
    assert any(t == "乡村振兴战略" for _, t in spans)  # run by 实施
    assert not any(s > len(title) and t == "乡村振兴" for s, t in spans)  # purpose phrase


def test_branded_towns_are_titles_not_programmes() -> None:
    assert _texts("打造“茶香小镇”和“云上小镇”") == []


def test_plan_periods_and_meetings_are_not_programmes_after_a_cue() -> None:
    assert _texts("全面落实“十五五”规划部署，开好“两会”。") == []


def test_cued_x_jianshe_needs_a_long_name() -> None:
    assert _texts("推进法治交通建设，") == []  # describes work
    assert _texts("深化乡镇综合行政执法体系建设，") == ["乡镇综合行政执法体系建设"]


def test_national_campaigns_without_quotes() -> None:
    assert "党的群众路线教育实践活动" in _texts("深入开展党的群众路线教育实践活动，")
    assert "人居环境整治" in _texts("强力推进人居环境整治")


def test_paired_numbered_slogans_and_step_chains() -> None:
    assert _texts("推进“百村示范、千村提升”。") == ["“百村示范、千村提升”"]
    assert _texts("建立“受理、登记、转办、回访”流程。") == []  # a procedure
    assert _texts("建立“调研—试点—推广”闭环。") == []
    assert _texts("做好“田、水、路”三篇文章。") == ["“田、水、路”"]  # counted: a framework
    assert _texts("推行“日调度、周通报、月考核”。") == ["“日调度、周通报、月考核”"]  # a named routine


def test_figurative_projects_are_not_programmes() -> None:
    assert _texts("防止水渠成为烂尾工程，") == []
    assert _texts("实施形象工程不可取") == []


def test_numbered_frameworks_without_quotes_and_parts_of_a_model() -> None:
    assert "三社联动" in _texts("全面推进三社联动，")
    found = _texts("探索实施村企共建、村校联建的“双建模式”，")
    assert {"村企共建", "村校联建"} <= set(found) and "“双建模式”" in found


def test_plus_chains_of_any_length_and_campaign_periods() -> None:
    long_chain = "“秸秆收储+饲料加工+肉牛养殖+粪污还田+有机种植”"
    assert _texts(f"探索{long_chain}循环模式") == [long_chain]
    # a short chain keeps the head noun after its quote, like any quoted programme
    assert _texts("某区探索“互联网+居家养老”服务新模式。") == ["“互联网+居家养老”服务新模式"]
    assert _texts("组织科技活动周、文明宣传月等活动。") == ["科技活动周", "文明宣传月"]
    assert _texts("本周天气晴好。") == []


def test_quoted_honours_after_an_award_verb_are_not_programmes() -> None:
    assert _texts("该村获评“全国民主法治示范村”，该镇被评为“全省卫生乡镇”。") == []
    # A framework inside an honour's name stays a programme (获评“四好农村路”省示范乡镇).
    assert _texts("该镇获评“四好农村路”省示范乡镇。") == ["“四好农村路”"]


def test_a_quote_as_an_attribute_before_de_is_not_a_programme() -> None:
    assert _texts("着力打造“洁净通畅”的农村道路环境。") == []
    assert _texts("探索出“院落议事”的治理方式。") == ["“院落议事”"]
    assert "“一户一档”" in _texts("逐步形成“一户一档”的管理格局。")


def test_frame_strategies_only_when_run_or_the_subject_of_a_title() -> None:
    assert _texts("为统筹推进乡村振兴，提供支撑。", title_len=14) == []
    assert _texts("某镇推动乡村振兴的重要举措", title_len=13) == []
    assert _texts("某县：电商助力乡村振兴", title_len=11) == ["乡村振兴"]
    assert _texts("调研乡村振兴战略实施情况。") == ["乡村振兴战略"]
    assert _texts("编制了《乡村振兴战略规划》。") == []


def test_national_models_and_reforms_named_in_passing() -> None:
    assert "殡葬改革" in _texts("某县殡葬改革、深化医改等工作经验在全省推广。")
    assert "深化医改" in _texts("某县殡葬改革、深化医改等工作经验在全省推广。")


def test_a_long_x_ronghe_fazhan_is_a_generic_task() -> None:
    assert _texts("持续推进县域内城乡融合发展。") == []
    assert _texts("推进农旅融合发展，") == ["农旅融合发展"]


def test_a_quote_before_de_xingshi_is_a_way_of_working() -> None:
    assert _texts("采取“线上受理，线下办结”的形式，") == ["“线上受理，线下办结”"]


def test_quoted_honours_and_media_are_not_programmes() -> None:
    text = "该区交出“青禾答卷”，形成“青禾样本”，获评“留言办理创新单位”和“智慧服务引领奖”，活动“云端”开幕。"
    assert [p["text"] for p in find_programs(text)] == []
