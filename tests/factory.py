"""Build small, valid synthetic reports for rule tests, in several table layouts."""

from __future__ import annotations

S3_LABELS_2021 = [
    ("一、本年新收政府信息公开申请数量", None),
    ("二、上年结转政府信息公开申请数量", None),
    ("三、本年度办理结果", "group"),
    ("（一）予以公开", None),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None),
    ("（三）不予公开", "group"),
    ("1.属于国家秘密", None),
    ("2.其他法律行政法规禁止公开", None),
    ("3.危及“三安全一稳定”", None),
    ("4.保护第三方合法权益", None),
    ("5.属于三类内部事务信息", None),
    ("6.属于四类过程性信息", None),
    ("7.属于行政执法案卷", None),
    ("8.属于行政查询事项", None),
    ("（四）无法提供", "group"),
    ("1.本机关不掌握相关政府信息", None),
    ("2.没有现成信息需要另行制作", None),
    ("3.补正后申请内容仍不明确", None),
    ("（五）不予处理", "group"),
    ("1.信访举报投诉类申请", None),
    ("2.重复申请", None),
    ("3.要求提供公开出版物", None),
    ("4.无正当理由大量反复申请", None),
    ("5.要求行政机关确认或重新出具已获取信息", None),
    ("（六）其他处理", "group"),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", None),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", None),
    ("3.其他", None),
    ("（七）总计", None),
    ("四、结转下年度继续办理", None),
]


def s3_values() -> dict[str, list[int]]:
    """A consistent table: 10 new (8 natural persons, 2 companies), 1 carried over."""
    zero = [0] * 7
    rows = {label: list(zero) for label, kind in S3_LABELS_2021 if kind is None}
    rows["一、本年新收政府信息公开申请数量"] = [8, 2, 0, 0, 0, 0, 10]
    rows["二、上年结转政府信息公开申请数量"] = [1, 0, 0, 0, 0, 0, 1]
    rows["（一）予以公开"] = [6, 1, 0, 0, 0, 0, 7]
    rows["1.本机关不掌握相关政府信息"] = [2, 1, 0, 0, 0, 0, 3]
    rows["（七）总计"] = [8, 2, 0, 0, 0, 0, 10]
    rows["四、结转下年度继续办理"] = [1, 0, 0, 0, 0, 0, 1]
    return rows


S4_VALUES = [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]


def _s3_pipe(values: dict[str, list[int]]) -> list[str]:
    lines = [
        "| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for label, kind in S3_LABELS_2021:
        if kind == "group":
            lines.append(f"| {label} | | | | | | | |")
        else:
            lines.append("| " + label + " | " + " | ".join(str(v) for v in values[label]) + " |")
    return lines


def _s3_tabs(values: dict[str, list[int]]) -> list[str]:
    lines = [
        "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t总计\t"
    ]
    for label, kind in S3_LABELS_2021:
        if kind != "group":
            lines.append("\t" + label + "\t" + "\t".join(str(v) for v in values[label]) + "\t")
    return lines


def _s3_grid(values: dict[str, list[int]]) -> list[str]:
    return [" ".join(str(v) for v in values[label]) for label, kind in S3_LABELS_2021 if kind is None]


def make_report(
    *,
    year: int = 2024,
    org: str = "某县某镇人民政府",
    layout: str = "pipe",
    s3: dict[str, list[int]] | None = None,
    s4: list[int] | None = None,
    window: str | None = "default",
    headings: dict[int, str] | None = None,
    s2_rows: str | None = None,
) -> str:
    values = s3 or s3_values()
    review = s4 or S4_VALUES
    titles = {
        1: "一、总体情况",
        2: "二、主动公开政府信息情况",
        3: "三、收到和处理政府信息公开申请情况",
        4: "四、政府信息公开行政复议、行政诉讼情况",
        5: "五、存在的主要问题及改进情况",
        6: "六、其他需要报告的事项",
    }
    titles.update(headings or {})
    if window == "default":
        window = f"本报告所列数据统计期限自{year}年1月1日起至{year}年12月31日止。"
    s3_lines = {"pipe": _s3_pipe, "tabs": _s3_tabs, "grid": _s3_grid}[layout](values)
    s2 = s2_rows or (
        "第二十条第（一）项\n| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n| 规章 | 0 | 0 | 0 |\n"
        "| 行政规范性文件 | 2 | 1 | 5 |\n第二十条第（五）项\n| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 12 |\n"
        "第二十条第（六）项\n| 信息内容 | 本年处理决定数量 |\n| 行政处罚 | 3 |\n| 行政强制 | 0 |\n"
        "第二十条第（八）项\n| 信息内容 | 本年收费金额（单位：万元） |\n| 行政事业性收费 | 1.5 |"
    )
    parts = [
        f"{org}{year}年政府信息公开工作年度报告",
        "",
        f"根据《中华人民共和国政府信息公开条例》编制本报告。{window or ''}",
        titles[1],
        f"{year}年，我镇认真落实《条例》，主动公开政府信息120条。"
        "政务公开工作考核结果为良好，社会评议满意度95%，未发生责任追究情况。",
        titles[2],
        s2,
        titles[3],
        *s3_lines,
        titles[4],
        "| 行政复议 | | | | | 行政诉讼 |",
        " ".join(str(v) for v in review)
        if layout == "grid"
        else "| " + " | ".join(str(v) for v in review) + " |",
        titles[5],
        "（一）主要问题。公开内容还不够全面。（二）改进情况。下一步将加强培训。",
        titles[6],
        "本机关未收取信息处理费。",
        "",
    ]
    return "\n".join(p for p in parts if p is not None)
