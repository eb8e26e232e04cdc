"""GK701–GK707: content the law and the format require, beyond the headings.

- GK701 六 accounts for 信息处理费 (2021 and later); GK702 表三 "逾期未按收费通知缴纳费用" > 0
  needs 六 to explain the fee notices;
- GK703 五 is only "无"; GK704 五 names no problems, or no improvements;
- GK705 a 人民政府's report gives 工作考核、社会评议和责任追究 results (条例 第五十条);
- GK706 the preamble's list of parts ("由……六部分组成") matches the sections;
- GK707 a 2021+ report cites only the 2019 format notice.

Words and patterns: rules/content.toml [required].
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from gklint.checks.context import CheckContext
from gklint.checks.figures import fmt, s3_figure
from gklint.checks.organisation import is_government
from gklint.checks.scope import template_applies
from gklint.diagnostics import Diagnostic, Related, Span
from gklint.exact import plain
from gklint.model.narrative import Sentence, chinese_number
from gklint.model.normalize import squeeze_text
from gklint.model.report import Section
from gklint.regexcache import compile_re
from gklint.ruledata import content_rules


@cache
def _rules() -> dict[str, Any]:
    raw = dict(content_rules()["required"])
    raw["empty_re"] = compile_re(raw["empty_section"])
    raw["part_re"] = compile_re(raw["part_list"])
    raw["part_sep"] = compile_re(raw["part_separators"])
    raw["notice_2019_re"] = [compile_re(p) for p in raw["notice_2019"]]
    raw["notice_2021_re"] = [compile_re(p) for p in raw["notice_2021"]]
    return raw


def _section_text(ctx: CheckContext, section: Section) -> str:
    return squeeze_text(ctx.text[section.body.start : section.body.end])


def _by_section(sentences: list[Sentence], number: int) -> list[Sentence]:
    return [s for s in sentences if s.section == number]


def _heading(section: Section) -> Span:
    return section.heading.span


def _fee(ctx: CheckContext, sentences: list[Sentence]) -> Iterator[Diagnostic]:
    rules = _rules()
    report = ctx.report
    six = report.sections.get(6)
    if six is None or report.year is None or report.year < rules["fee_first_year"]:
        return
    body = _section_text(ctx, six)
    in_six = " ".join(s.text for s in _by_section(sentences, 6))
    if not any(w in in_six for w in rules["fee_words"]):
        elsewhere = [s for s in sentences if s.section != 6 and "信息处理费" in s.text]
        if rules["empty_re"].match(body):
            what = f"第六部分只写了“{body}”"
        else:
            what = "第六部分没有说明信息处理费的收取情况"
        hint = "（其他部分提到了信息处理费，也应在第六部分说明）" if elsewhere else ""
        yield ctx.diagnostic(
            "GK701",
            f"{what}{hint}：{report.year}年及以后的年度报告应在第六部分报告按《政府信息公开信息处理费管理办法》"
            "收取信息处理费的情况（收取的件数和金额，或写明未收取）。",
            _heading(six),
            related=tuple(Related(s.span(), "这里提到了信息处理费") for s in elsewhere[:3]),
            data={"year": report.year},
        )
        return
    unpaid = s3_figure(report, "fee_unpaid")
    if unpaid is None or unpaid.value <= 0:
        return
    if any(w in in_six for w in rules["fee_notice_words"]):
        return
    yield ctx.diagnostic(
        "GK702",
        f"表三中有{fmt(unpaid.value)}件申请因申请人逾期未按收费通知缴纳费用而不再处理，"
        "但第六部分没有说明发出收费通知、收取信息处理费的情况。",
        _heading(six),
        related=tuple(Related(c.span, f"{unpaid.name}：{c.text}") for c in unpaid.cells),
        data={"unpaid": plain(unpaid.value)},
    )


def _problems(ctx: CheckContext, sentences: list[Sentence]) -> Iterator[Diagnostic]:
    rules = _rules()
    five = ctx.report.sections.get(5)
    if five is None:
        return
    body = _section_text(ctx, five)
    if not body or rules["empty_re"].match(body):
        yield ctx.diagnostic(
            "GK703",
            f"第五部分{'是空的' if not body else f'只写了“{body}”'}：《政府信息公开条例》第五十条要求报告"
            "政府信息公开工作存在的主要问题及改进情况，应写明具体问题和改进措施。",
            _heading(five),
        )
        return
    text = "".join(s.text for s in _by_section(sentences, 5))
    for phrase in rules["problem_exempt_phrases"]:
        text = text.replace(phrase, "")
    missing = []
    if not any(w in text for w in rules["problem_words"]):
        missing.append("存在的问题")
    if not any(w in text for w in rules["measure_words"]):
        missing.append("改进措施")
    if missing:
        yield ctx.diagnostic(
            "GK704",
            f"第五部分没有写{'和'.join(missing)}：应既说明工作中存在的主要问题，也说明改进情况（条例第五十条第（四）项）。",
            _heading(five),
            data={"missing": missing},
        )


def _accountability(ctx: CheckContext, sentences: list[Sentence]) -> Iterator[Diagnostic]:
    rules = _rules()
    report = ctx.report
    if report.year is None or report.year < rules["accountability_first_year"] or 1 not in report.sections:
        return
    if not is_government(report, ctx.settings.government_suffixes):
        return
    # 五 describes plans ("形成…考核…责任追究的机制"), not this year's results.
    text = "".join(s.text for s in sentences if s.section != 5)
    missing = [t["name"] for t in rules["accountability_themes"] if not any(w in text for w in t["words"])]
    if not missing:
        return
    one = report.sections[1]
    yield ctx.diagnostic(
        "GK705",
        f"人民政府的年度报告应报告工作考核、社会评议和责任追究结果情况（条例第五十条第（四）项），"
        f"报告中没有找到{'、'.join(missing)}的情况（第五部分的计划不算）。",
        _heading(one),
        data={"missing": missing},
    )


_LEADING_YEAR = compile_re(r"^\d{4}年度?")


def _listed(heading: str, pieces: list[str]) -> bool:
    """Whether one to three consecutive list pieces spell the heading (extraction and "和" split them)."""
    for i in range(len(pieces)):
        for width in (1, 2, 3):
            joined = _LEADING_YEAR.sub("", "".join(pieces[i : i + width]))
            if heading in joined:
                return True
            import difflib  # only for a report that lists its parts in the opening

            if difflib.SequenceMatcher(None, joined, heading).ratio() >= 0.75:
                return True
    return False


def _part_list(ctx: CheckContext, sentences: list[Sentence]) -> Iterator[Diagnostic]:
    rules = _rules()
    report = ctx.report
    tops = [h for h in report.headings if h.top_level]
    if len(report.sections) != 6 or len(tops) != 6:
        return  # the structure itself is off: GK101–GK103 say so, comparing the list would repeat it
    for sentence in _by_section(sentences, 0):
        m = rules["part_re"].search(sentence.text)
        if m is None:
            continue
        stated = chinese_number(m.group("n"))
        pieces = [p for p in rules["part_sep"].split(m.group("list")) if p]
        if stated is None or len(pieces) < 2:
            continue
        problems = []
        if stated != len(tops):
            problems.append(f"说是{m.group('n')}部分，正文有{len(tops)}个部分")
        unlisted = [h for h in tops if not _listed(rules["part_sep"].sub("", squeeze_text(h.text)), pieces)]
        if unlisted:
            problems.append("没有列出“" + "”“".join(squeeze_text(h.text) for h in unlisted) + "”")
        if problems:
            yield ctx.diagnostic(
                "GK706",
                f"前言所列的报告组成部分与正文不一致：{'；'.join(problems)}。",
                sentence.span(m.start(), m.end()),
                related=tuple(Related(h.span, "正文的标题") for h in unlisted),
                data={"stated": stated},
            )
        return


def _notice(ctx: CheckContext) -> Iterator[Diagnostic]:
    rules = _rules()
    report = ctx.report
    if report.year is None or report.year < ctx.template.first_year_2021_format:
        return
    folded = ctx.folded
    if any(p.search(folded) for p in rules["notice_2021_re"]):
        return
    for pattern in rules["notice_2019_re"]:
        m = pattern.search(folded)
        if m is not None:
            yield ctx.diagnostic(
                "GK707",
                f"{report.year}年度报告引用的是2019年的年度报告格式通知（国办公开办函〔2019〕60号），"
                "2021年及以后的报告应按国办公开办函〔2021〕30号印发的格式编制。",
                Span(m.start(), m.end()),
            )
            return


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not template_applies(ctx) or not ctx.report.sections:
        return
    sentences = ctx.sentences
    yield from _fee(ctx, sentences)
    yield from _problems(ctx, sentences)
    yield from _accountability(ctx, sentences)
    yield from _part_list(ctx, sentences)
    yield from _notice(ctx)
