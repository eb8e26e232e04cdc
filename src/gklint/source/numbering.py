"""Word automatic list numbering (numbering.xml) rendered as the label Word shows.

A heading that Word numbers ("一、总体情况" with 一、 from a list) has only
"总体情况" in its text; without the label gklint would not recognise it as the
section heading. Numbering comes from the paragraph's own w:numPr or from its
style's (following w:basedOn). Counters follow Word: one per abstract list
(so two w:num sharing an abstractNum continue each other unless a w:num has a
w:startOverride), deeper levels restart when a shallower level advances.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from docx.document import Document

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_VAL = f"{W}val"

_DIGITS = "〇一二三四五六七八九"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_number(n: int, digits: str = _DIGITS, ten: str = "十") -> str:
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十, 105 → 一百零五 (as Word's Chinese counting)."""
    if n <= 0 or n >= 10000:
        return str(n)
    if n < 10:
        return digits[n]
    if n < 20:
        return ten + (digits[n % 10] if n % 10 else "")
    if n < 100:
        return digits[n // 10] + ten + (digits[n % 10] if n % 10 else "")
    units = ((1000, "千"), (100, "百"), (10, ten))
    out, zero = "", False
    for value, name in units:
        d = n // value % 10
        if d:
            if zero:
                out += "零"
                zero = False
            out += digits[d] + name
        elif out:
            zero = True
    if n % 10:
        if zero:
            out += "零"
        out += digits[n % 10]
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB.
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, numeral in (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ):  # fmt: skip
        while n >= value:
            out += numeral
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    """A counter value in a w:numFmt format; unknown formats fall back to decimal, as Word does."""
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",  # what LibreOffice writes for "一, 二, 三"
    ):
        return chinese_number(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_DIGITS[int(d)] for d in str(n))  # 10 → 一〇
    if fmt in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return chinese_number(n, _LEGAL, "拾")
    if fmt == "ideographTraditional":
        return _STEMS[n - 1] if 0 < n <= len(_STEMS) else str(n)
    if fmt == "ideographZodiac":
        return _BRANCHES[n - 1] if 0 < n <= len(_BRANCHES) else str(n)
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return _CIRCLED[n - 1] if 0 < n <= len(_CIRCLED) else str(n)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(n))
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "upperLetter":
        return _letters(n)
    if fmt == "lowerLetter":
        return _letters(n).lower()
    if fmt == "upperRoman":
        return _roman(n)
    if fmt == "lowerRoman":
        return _roman(n).lower()
    return str(n)


class Level(NamedTuple):
    fmt: str  # w:numFmt ("decimal", "chineseCounting", "bullet", "none", …)
    text: str  # w:lvlText ("%1、", "（%2）")
    start: int
    suffix: str  # what follows the label: "" (nothing / tab) or " "
    legal: bool  # w:isLgl: every %n in decimal


def _level(lvl: Any) -> Level:
    def val(name: str, default: str) -> str:
        element = lvl.find(f"{W}{name}")
        return element.get(_VAL, default) if element is not None else default

    try:
        start = int(val("start", "1"))
    except ValueError:
        start = 1
    suffix = " " if val("suff", "tab") == "space" else ""  # a tab would read as a table row
    return Level(
        val("numFmt", "decimal"), val("lvlText", ""), start, suffix, lvl.find(f"{W}isLgl") is not None
    )


class Numbering:
    """The document's list definitions and the running counters of one walk."""

    def __init__(
        self,
        abstract: dict[str, dict[int, Level]],
        nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]],
        styles: dict[str, tuple[str | None, int | None, str | None]],
    ) -> None:
        self._abstract = abstract
        self._nums = nums  # numId → (abstractNumId, overridden levels, start overrides)
        self._styles = styles  # styleId → (numId, ilvl, basedOn)
        self._counters: dict[str, list[int | None]] = {}
        self._started: set[str] = set()

    @classmethod
    def from_document(cls, document: Document) -> Numbering:
        part = document.part
        abstract: dict[str, dict[int, Level]] = {}
        nums: dict[str, tuple[str, dict[int, Level], dict[int, int]]] = {}
        numbering = _numbering_element(part)
        if numbering is not None:
            for element in numbering.iterfind(f"{W}abstractNum"):
                levels = {}
                for lvl in element.iterfind(f"{W}lvl"):
                    try:
                        levels[int(lvl.get(f"{W}ilvl", "0"))] = _level(lvl)
                    except ValueError:
                        continue
                abstract[element.get(f"{W}abstractNumId", "")] = levels
            for num in numbering.iterfind(f"{W}num"):
                ref = num.find(f"{W}abstractNumId")
                overrides: dict[int, Level] = {}
                starts: dict[int, int] = {}
                for override in num.iterfind(f"{W}lvlOverride"):
                    try:
                        ilvl = int(override.get(f"{W}ilvl", "0"))
                        start = override.find(f"{W}startOverride")
                        if start is not None:
                            starts[ilvl] = int(start.get(_VAL, "1"))
                    except ValueError:
                        continue
                    lvl = override.find(f"{W}lvl")
                    if lvl is not None:
                        overrides[ilvl] = _level(lvl)
                nums[num.get(f"{W}numId", "")] = (
                    ref.get(_VAL, "") if ref is not None else "",
                    overrides,
                    starts,
                )
        return cls(abstract, nums, _style_numbering(part))

    def _num_of(self, p: Any) -> tuple[str | None, int | None]:
        num_id: str | None = None
        ilvl: int | None = None
        ppr = p.find(f"{W}pPr")
        style: str | None = None
        if ppr is not None:
            num_pr = ppr.find(f"{W}numPr")
            if num_pr is not None:
                num_id, ilvl = _num_pr(num_pr)
            style_el = ppr.find(f"{W}pStyle")
            if style_el is not None:
                style = style_el.get(_VAL)
        seen: set[str] = set()
        while style is not None and style not in seen and (num_id is None or ilvl is None):
            seen.add(style)
            s_num, s_ilvl, based_on = self._styles.get(style, (None, None, None))
            num_id = num_id if num_id is not None else s_num
            ilvl = ilvl if ilvl is not None else s_ilvl
            style = based_on
        return num_id, ilvl

    def label(self, p: Any) -> str:
        """The list label Word shows before paragraph `p` ("一、"), advancing the counters; "" if none."""
        if not self._nums:
            return ""
        num_id, ilvl = self._num_of(p)
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        ilvl = ilvl or 0
        abstract_id, overrides, starts = self._nums[num_id]
        levels = {**self._abstract.get(abstract_id, {}), **overrides}
        level = levels.get(ilvl)
        if level is None:
            return ""
        counters = self._counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self._started:
            self._started.add(num_id)
            for lvl_no, start in starts.items():  # w:startOverride restarts this list instance
                if 0 <= lvl_no < 9:
                    counters[lvl_no] = start - 1
        if not 0 <= ilvl < 9:
            return ""
        current = counters[ilvl]
        counters[ilvl] = (current if current is not None else level.start - 1) + 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = None
        if level.fmt in ("bullet", "none") or not level.text:
            return ""
        out = level.text
        for k in range(ilvl, -1, -1):  # %10 does not exist; replace %9 … %1
            if f"%{k + 1}" not in out:
                continue
            k_level = levels.get(k, level)
            value = counters[k] if counters[k] is not None else k_level.start
            fmt = "decimal" if level.legal and k != ilvl else k_level.fmt
            out = out.replace(f"%{k + 1}", format_number(value or 0, fmt))
        return out + level.suffix


def _num_pr(num_pr: Any) -> tuple[str | None, int | None]:
    num = num_pr.find(f"{W}numId")
    lvl = num_pr.find(f"{W}ilvl")
    ilvl: int | None = None
    if lvl is not None:
        try:
            ilvl = int(lvl.get(_VAL, "0"))
        except ValueError:
            ilvl = 0
    return (num.get(_VAL) if num is not None else None), ilvl


def _numbering_element(part: Any) -> Any:
    """numbering.xml's root, without creating one (python-docx adds an empty part on access)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in part.rels.values():
        if rel.reltype == RT.NUMBERING and not rel.is_external:
            return getattr(rel.target_part, "element", None)
    return None


def _style_numbering(part: Any) -> dict[str, tuple[str | None, int | None, str | None]]:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    styles: dict[str, tuple[str | None, int | None, str | None]] = {}
    for rel in part.rels.values():
        if rel.reltype != RT.STYLES or rel.is_external:
            continue
        root = getattr(rel.target_part, "element", None)
        if root is None:
            continue
        for style in root.iterfind(f"{W}style"):
            if style.get(f"{W}type") != "paragraph":
                continue
            num_id: str | None = None
            ilvl: int | None = None
            ppr = style.find(f"{W}pPr")
            if ppr is not None:
                num_pr = ppr.find(f"{W}numPr")
                if num_pr is not None:
                    num_id, ilvl = _num_pr(num_pr)
            based = style.find(f"{W}basedOn")
            styles[style.get(f"{W}styleId", "")] = (
                num_id,
                ilvl,
                based.get(_VAL) if based is not None else None,
            )
    return styles
