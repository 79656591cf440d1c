"""Figures a notebook's prose states, and whether its own run printed them.

A lesson may only state a measured figure (a share, a rate, a score, a latency, a price) that one of its cells prints
or sets: otherwise a change of model or data silently leaves the prose describing a run nobody can reproduce. What
counts as a stated figure: a number with a decimal point (``0.678``, ``$0.12``), a percentage (``33 %``), and a
number with a unit of time (``742 ms``, ``3.5 s``). Integers without a unit (section numbers, counts of examples, years)
are not checked. Text in code spans and fenced blocks is code, not prose, and is skipped.

A stated figure is supported when the same value appears in a cell's output or in a code cell's source (a constant
the lesson sets, such as a budget or a threshold). Percentages also match shares printed as fractions (``33 %`` is
supported by ``0.33`` or ``0.333``), and the other way round; thousands separators and trailing zeros are ignored.
A figure introduced by "about", "roughly", "nearly" and the like holds within 5 % of a printed value. A figure that
does not come from the run is marked in the markdown, next to it, with why: ``<!-- cited: 45 % -->`` (a published
result, an AWS fact), ``<!-- given: 20,000 -->`` (a quiz's or scenario's input), ``<!-- derived: $15,000 -->``
(arithmetic on printed figures that the sentence shows).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_MARKED = re.compile(r"<!--\s*(?:cited|given|derived):(.*?)-->", re.S)
_APPROXIMATE = re.compile(r"(?:about|around|roughly|nearly|almost|some|~)\s*$", re.I)
APPROXIMATION = Decimal("0.05")  # "about $15,000" holds for a printed value within 5 %
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A figure in prose: a decimal, a percentage, or a time. Not part of a version, a date or an identifier.
_STATED = re.compile(rf"(?<![\w.\-/:])\$?(?P<value>{_NUMBER})(?:\s?(?P<unit>%|ms\b|s\b|seconds\b))?(?![\w\-/:]|\.\d)")
_VERSION = re.compile(r"[1-9]\.\d")
_NAMED = re.compile(r"\b[A-Z][a-z]+ $")
_PRINTED = re.compile(rf"(?<![\w.])-?(?:\d{{1,3}}(?:_\d{{3}})+|{_NUMBER})(?![\w])")


@dataclass(frozen=True)
class Figure:
    text: str
    value: Decimal
    percent: bool
    seconds: bool | None = None  # True: stated in seconds; False: in milliseconds; None: not a time
    approximate: bool = False  # preceded by "about", "roughly", "nearly"...


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "").replace("_", ""))
    except InvalidOperation:
        return None


def stated_figures(markdown: str) -> list[Figure]:
    """The measured figures a markdown cell states, in order (cited ones left out)."""
    marked = {f.text for block in _MARKED.findall(markdown) for f in _figures(block)}
    prose = _COMMENT.sub(" ", _CODE.sub(" ", markdown))
    return [f for f in _figures(prose) if f.text not in marked]


def _figures(text: str) -> list[Figure]:
    found = []
    for match in _STATED.finditer(text):
        raw, unit = match.group("value"), match.group("unit")
        if unit is None and "." not in raw and "," not in raw:
            continue  # a small integer without a unit: a count, a section number, a year
        if unit is None and _VERSION.fullmatch(raw) and _NAMED.search(text[: match.start()]):
            continue  # a model's version: Claude 3.5, Rerank 3.5, Llama 3.1
        value = _decimal(raw)
        if value is not None:
            seconds = None if unit in (None, "%") else unit != "ms"
            approximate = bool(_APPROXIMATE.search(text[max(0, match.start() - 12) : match.start()]))
            found.append(Figure(match.group(0).strip(), value, unit == "%", seconds, approximate))
    return found


def printed_values(texts: list[str]) -> set[Decimal]:
    """Every number in the given outputs and sources, normalised (``1,000.50`` → ``1000.5``)."""
    values = set()
    for text in texts:
        for match in _PRINTED.finditer(text):
            value = _decimal(match.group(0))
            if value is not None:
                values.add(value.normalize())
    return values


def _supported(figure: Figure, printed: set[Decimal]) -> bool:
    value = figure.value.normalize()
    if value in printed:
        return True
    if figure.approximate:
        scale = Decimal(1) if figure.seconds is None else Decimal(1000) if figure.seconds else Decimal("0.001")
        scales = (Decimal(1), Decimal("0.01")) if figure.percent else (Decimal(1), scale)
        return any(abs(p / s - value) <= APPROXIMATION * abs(value) for p in printed for s in scales)
    if figure.percent:
        # 33 % is supported by a printed share that rounds to it: 0.33, 0.333, 0.3333...
        return any(0 <= p <= 1 and _rounds_to(p * 100, figure.value) for p in printed)
    places = -exponent if isinstance(exponent := figure.value.as_tuple().exponent, int) and exponent < 0 else 0
    if places >= 2 and any(_rounds_to(p, figure.value) for p in printed):
        return True  # 0.82 stated for a printed 0.821: a share or a score at the precision the prose uses
    if figure.seconds is not None:
        # 1.3 s is supported by a printed 1,297 ms; 742 ms by a printed 0.742 s.
        scale = Decimal(1000) if figure.seconds else Decimal("0.001")
        return any(_rounds_to(p / scale, figure.value) for p in printed)
    # A share stated as 0.33 is supported by a printed 33 % or 33.3 %.
    return 0 <= value <= 1 and any((value * 100).normalize() == p for p in printed)


def _rounds_to(printed: Decimal, stated: Decimal) -> bool:
    exponent = stated.as_tuple().exponent
    places = Decimal(1).scaleb(exponent if isinstance(exponent, int) and exponent < 0 else 0)
    return printed.quantize(places) == stated


def notebook_texts(cells: list[dict]) -> list[str]:
    """What a run printed and what its code set: every code cell's source and text outputs."""
    texts = []
    for cell in cells:
        if cell.get("cell_type") != "code":
            continue
        texts.append(_source(cell))
        for output in cell.get("outputs", []):
            if "text" in output:
                texts.append(_source({"source": output["text"]}))
            for kind in ("text/plain", "text/markdown", "text/html"):
                if kind in output.get("data", {}):
                    texts.append(_source({"source": output["data"][kind]}))
    return texts


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return source if isinstance(source, str) else "".join(source)


def unsupported_figures(cells: list[dict]) -> list[str]:
    """Each stated figure no output or code of the same notebook holds, as 'cell <id>: <figure>'."""
    printed = printed_values(notebook_texts(cells))
    problems = []
    for index, cell in enumerate(cells):
        if cell.get("cell_type") != "markdown":
            continue
        for figure in stated_figures(_source(cell)):
            if not _supported(figure, printed):
                problems.append(f"cell {cell.get('id', index)}: {figure.text}")
    return problems
