"""GK601–GK603: numbers stated in the text against the tables (表二、表三、表四).

Precision first. A sentence is read only when it plainly states this year's count for
this body: clauses that compare with another year (同比, 较上年), break a count down
(其中), talk about another body (全市 in a department's report, 各部门), another matter
(热线, 信访) or an intention (力争无…) are skipped, as is a sentence that opens with
another year. If one clause states the same quantity twice with different numbers it
is ambiguous and skipped too. Words and patterns are data: rules/content.toml [prose].
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from functools import cache
from typing import Any, NamedTuple

from gklint.checks.context import CheckContext
from gklint.checks.figures import Figure, figure, fmt, totals_consistent
from gklint.checks.organisation import is_government
from gklint.checks.scope import template_applies
from gklint.diagnostics import Diagnostic, Related, Span
from gklint.exact import plain, total
from gklint.model.narrative import Sentence, chinese_number
from gklint.regexcache import compile_re
from gklint.ruledata import content_rules

# A count is a whole run of digits (or of numeral characters): the lookbehinds stop a match from
# starting inside a run, which also keeps patterns that begin with the count linear on a page-long
# run of digits (a one-line table glued together: "…8010000810…" took a minute for 90 KB).
NUM = r"(?<!\d)\d+|(?<![零〇一二两三四五六七八九十百千])[零〇一二两三四五六七八九十百千]+"
_YEAR = compile_re(r"(?<!\d)((?:19|20)\d\d)年")
_CODE = {"s3": "GK601", "s4": "GK602", "s2": "GK603"}


class Quantity(NamedTuple):
    id: str
    name: str
    table: str
    role: str
    patterns: tuple[re.Pattern[str], ...]
    zero_patterns: tuple[re.Pattern[str], ...]
    includes_carryover: tuple[re.Pattern[str], ...]
    other_matter: tuple[str, ...]


class Clause(NamedTuple):
    text: str
    start: int  # index in the sentence's text


class Statement(NamedTuple):
    """A count the text states: which quantity, the number, where."""

    quantity: Quantity
    value: int
    span: Span
    written: str
    with_carryover: bool


def _compile(raw: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(compile_re(p.replace("{NUM}", NUM)) for p in raw)


def _any_word(words: Iterable[str]) -> Callable[[str], object]:
    """`any(w in text for w in words)` as one regex search (truthy when a word occurs).

    Every clause is tested against about ten word lists; looping over the words in Python
    was most of this rule's time.
    """
    alternatives = "|".join(map(re.escape, words))
    return compile_re(alternatives).search if alternatives else (lambda text: None)


@cache
def _rules() -> dict[str, Any]:
    raw = content_rules()["prose"]
    quantities = tuple(
        Quantity(
            id=q["id"],
            name=q["name"],
            table=q["table"],
            role=q["row"],
            patterns=_compile(q["patterns"]),
            zero_patterns=_compile(q.get("zero_patterns", [])),
            includes_carryover=_compile(q.get("includes_carryover", [])),
            other_matter=tuple(q.get("other_matter_words", raw["other_matter_words"])),
        )
        for q in raw["quantity"]
    )
    # Quantities share a few "other matter" word lists: a clause is searched once per distinct list.
    matter_lists = tuple(dict.fromkeys(q.other_matter for q in quantities))
    return {
        "quantities": quantities,
        "matter_in": tuple(_any_word(words) for words in matter_lists),
        "matter_index": tuple(matter_lists.index(q.other_matter) for q in quantities),
        "separators": compile_re("[" + re.escape(raw["clause_separators"]) + "]"),
        "comparison": _any_word(raw["comparison_words"]),
        "comparison_exempt": tuple(raw["comparison_exempt"]),
        "subcount": _any_word(raw["subcount_words"]),
        "other_body_department": _any_word(raw["other_body_words_department"]),
        "other_body_government": _any_word(raw["other_body_words_government"]),
        "intent": _any_word(raw["intent_words"]),
        "appeal_none": _compile(raw["appeal_none"]["patterns"]),
        "appeal_none_exclude": _any_word(raw["appeal_none"]["exclude_words"]),
        "enforcement_none": _compile(raw["enforcement_none"]["patterns"]),
    }


def _clauses(sentence: Sentence, separators: re.Pattern[str]) -> list[Clause]:
    clauses = []
    begin = 0
    for m in separators.finditer(sentence.text):
        clauses.append(Clause(sentence.text[begin : m.start()], begin))
        begin = m.end()
    clauses.append(Clause(sentence.text[begin:], begin))
    return [c for c in clauses if c.text]


def _other_year(text: str, year: int) -> bool:
    return any(int(y) != year for y in _YEAR.findall(text))


def _compares(text: str, rules: dict[str, Any]) -> bool:
    for phrase in rules["comparison_exempt"]:
        text = text.replace(phrase, "")
    return bool(rules["comparison"](text))


def _sentence_skipped(
    ctx: CheckContext, sentence: Sentence, rules: dict[str, Any], government: bool | None
) -> bool:
    year = ctx.report.year
    first = _rules()["separators"].split(sentence.text, maxsplit=1)[0]
    if year is not None and _other_year(first, year):
        return True  # "2023年，共收到申请…": the whole sentence is about that year
    if government:
        return False  # "各部门…" is judged per clause (`_other_body_clause`)
    return bool(rules["other_body_department"](sentence.text))


def _other_body_clause(
    clauses: list[Clause], index: int, rules: dict[str, Any], government: bool | None
) -> bool:
    """In a 人民政府's report, "各部门/各乡镇…" in the count's clause or the one before it: their sum."""
    if not government:
        return False  # a department's sentence was already judged as a whole
    near = clauses[max(0, index - 1) : index + 1]
    return any(rules["other_body_government"](c.text) for c in near)


def _statements(
    ctx: CheckContext, sentence: Sentence, clauses: list[Clause], government: bool | None
) -> Iterator[Statement]:
    """The counts `sentence` states (the caller has checked `_sentence_skipped`)."""
    rules = _rules()
    quantities: tuple[Quantity, ...] = rules["quantities"]
    matter_in: tuple[Callable[[str], object], ...] = rules["matter_in"]
    matter_index: tuple[int, ...] = rules["matter_index"]
    in_sentence: list[object] = [None] * len(matter_in)  # a word list in the sentence, once asked
    year = ctx.report.year
    after_subcount = False
    for index, clause in enumerate(clauses):
        text = clause.text
        if rules["subcount"](text):
            after_subcount = True  # 其中… and everything after it in the sentence
        if after_subcount or _compares(text, rules) or _other_body_clause(clauses, index, rules, government):
            continue
        # Per clause, not per quantity: which word lists it contains, whether it names another year.
        in_clause = [found(text) for found in matter_in]
        other_year = year is not None and _other_year(text, year)
        for quantity, matter in zip(quantities, matter_index, strict=True):
            if in_clause[matter]:
                continue
            if quantity.table == "s3" and "申请" not in text:
                if in_sentence[matter] is None:
                    in_sentence[matter] = bool(matter_in[matter](sentence.text))
                if in_sentence[matter]:
                    continue  # "12345热线…共收到15564件咨询,已办结15042件": the clause has no 申请 to anchor it
            if other_year and quantity.id != "carried_forward":
                continue
            found = _match(quantity, clause, sentence)
            if found is None:
                continue
            value, span, written = found
            following = clauses[index + 1].text if index + 1 < len(clauses) else ""
            with_carryover = any(p.search(following) for p in quantity.includes_carryover) or any(
                p.search(text[text.find(written) + len(written) :]) for p in quantity.includes_carryover
            )
            yield Statement(quantity, value, span, written, with_carryover)


def _match(quantity: Quantity, clause: Clause, sentence: Sentence) -> tuple[int, Span, str] | None:
    values: set[int] = set()
    first: tuple[int, Span, str] | None = None
    for pattern in quantity.patterns:
        for m in pattern.finditer(clause.text):
            value = chinese_number(m.group("n"))
            if value is None:
                continue
            values.add(value)
            if first is None:
                start = clause.start + m.start("n")
                first = (value, sentence.span(start, clause.start + m.end("n")), m.group("n"))
    for pattern in quantity.zero_patterns:
        zero = pattern.search(clause.text)
        if zero is not None:
            values.add(0)
            if first is None:
                first = (
                    0,
                    sentence.span(clause.start + zero.start(), clause.start + zero.end()),
                    zero.group(),
                )
    if len(values) != 1:
        return None  # nothing, or two different numbers for one quantity: ambiguous
    return first


def _mismatch(ctx: CheckContext, statement: Statement, sentence: Sentence) -> Diagnostic | None:
    quantity = statement.quantity
    if not totals_consistent(ctx.report, quantity.table):
        return None
    found: Figure | None = figure(ctx.report, quantity.table, quantity.role)
    if found is None:
        return None
    expected = found.value
    what = found.name
    cells = found.cells
    if statement.with_carryover and quantity.id == "received":
        carried = figure(ctx.report, "s3", "carried")
        if carried is None:
            return None
        expected = total((expected, carried.value))
        cells += carried.cells
        what = f"{what}与“二、上年结转”总计之和"
    if Decimal(statement.value) == expected:
        return None
    if quantity.id == "received" and not statement.with_carryover:
        # "全年共受理申请749件" often counts last year's carried-over applications too (新收 713 +
        # 结转 36) without saying so: the text agrees with the table, only loosely worded.
        carried_in = figure(ctx.report, "s3", "carried")
        if carried_in is not None and Decimal(statement.value) == total((expected, carried_in.value)):
            return None
    said = "没有" if statement.value == 0 and not statement.written.isdigit() else f"{statement.written}件"
    message = f"正文说{quantity.name}{said}，与{what}{fmt(expected)}不一致，请核对正文或表格。"
    related = (
        *tuple(Related(c.span, f"{what}：{c.text}") for c in cells),
        Related(sentence.span(), "正文中的这句话"),
    )
    return ctx.diagnostic(
        _CODE[quantity.table],
        message,
        statement.span,
        related=related,
        data={"quantity": quantity.id, "text": statement.value, "table": plain(expected)},
    )


def _kinds(written: str, names: dict[str, str]) -> list[str]:
    return [role for word, role in names.items() if word in written]


def _none_statements(
    ctx: CheckContext,
    sentence: Sentence,
    clauses: list[Clause],
    patterns: tuple[re.Pattern[str], ...],
    names: dict[str, str],
    table: str,
) -> Iterator[Diagnostic]:
    rules = _rules()
    for clause in clauses:
        text = clause.text
        if rules["intent"](text) or rules["appeal_none_exclude"](text):
            continue
        for pattern in patterns:
            m = pattern.search(text)
            if m is None:
                continue
            nonzero = []
            if not totals_consistent(ctx.report, table):
                break
            for role in _kinds(m.group("kinds"), names):
                found = figure(ctx.report, table, role)
                if found is not None and found.value > 0:
                    nonzero.append(found)
            if nonzero:
                said = m.group()
                facts = "，".join(f"{f.name}为{fmt(f.value)}" for f in nonzero)
                yield ctx.diagnostic(
                    _CODE[table],
                    f"正文说“{said}”，但{facts}，请核对正文或表格。",
                    sentence.span(clause.start + m.start(), clause.start + m.end()),
                    related=(
                        *tuple(Related(c.span, f"{f.name}：{c.text}") for f in nonzero for c in f.cells),
                        Related(sentence.span(), "正文中的这句话"),
                    ),
                    data={"statement": said},
                )
            break


_APPEAL_KINDS = {"行政复议": "appeals", "行政诉讼": "lawsuits"}
_ENFORCEMENT_KINDS = {"行政许可": "licence", "行政处罚": "penalty", "行政强制": "coercion"}


def check(ctx: CheckContext) -> Iterator[Diagnostic]:
    if not template_applies(ctx) or not ctx.report.sections:
        return
    government = is_government(ctx.report, ctx.settings.government_suffixes)
    rules = _rules()
    seen: set[tuple[str, int]] = set()
    for sentence in ctx.sentences:
        if sentence.section in (2, 3, 4) and "|" in ctx.snippet(sentence.span()):
            continue
        if _sentence_skipped(ctx, sentence, rules, government):
            continue
        clauses = _clauses(sentence, rules["separators"])
        for statement in _statements(ctx, sentence, clauses, government):
            key = (statement.quantity.id, statement.span.start)
            if key in seen:
                continue
            seen.add(key)
            found = _mismatch(ctx, statement, sentence)
            if found is not None:
                yield found
        yield from _none_statements(ctx, sentence, clauses, rules["appeal_none"], _APPEAL_KINDS, "s4")
        yield from _none_statements(
            ctx, sentence, clauses, rules["enforcement_none"], _ENFORCEMENT_KINDS, "s2"
        )
