"""Reading a prompt the way an instruction-tuned model does: the question, the passages it was given, the
instructions it must follow and the examples it should imitate.

Heuristics, deterministic and documented in docs/localbedrock.md; they recognise the prompt shapes a course teaches
(RAG templates with tagged or numbered passages, "Context: ... Question: ...", few-shot "Input:/Output:" blocks or
example turns, JSON/bullet/length instructions, personas in the system prompt).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from localbedrock.model import TextRequest

_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "a": 1}
_NUM = r"(\d+|one|two|three|four|five|six|seven|eight)"

_TAGGED_ITEM = re.compile(
    r"<(document|doc|passage|source|search_result|chunk)\b([^>]*)>(.*?)</\1>", re.IGNORECASE | re.DOTALL
)
_TAGGED_SECTION = re.compile(
    r"<(context|documents|search_results|information|sources|passages)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL
)
_LABELLED_SECTION = re.compile(
    r"^[ \t]*(?:context|documents|passages|sources|information|reference text|excerpts)[ \t]*:[ \t]*\n?(.*?)"
    r"(?=^[ \t]*(?:question|query|q|user question|answer|helpful answer)[ \t]*:|\Z)",
    re.IGNORECASE | re.DOTALL | re.MULTILINE,
)
# LlamaIndex's default QA prompt: "Context information is below.\n-----\n{context_str}\n-----\nGiven the context ..."
_FENCED_SECTION = re.compile(r"^[ \t]*-{3,}[ \t]*\n(.*?)\n[ \t]*-{3,}[ \t]*$", re.DOTALL | re.MULTILINE)
# "[1] ...", "Document 2: ...", and the long-context studies' "Document [1](Title: ...) ..."
_NUMBERED = re.compile(
    r"^[ \t]*(?:(?:document|passage|source|doc|result)[ \t]*\[(\w+)\][ \t]*(?:\((?:title:[ \t]*)?([^)\n]*)\))?[ \t]*:?"
    r"|\[(\w+)\]|(?:document|passage|source|chunk|doc|result)[ \t]*#?(\w+)[ \t]*[:.)-])[ \t]*",
    re.IGNORECASE | re.MULTILINE,
)
_QUESTION_LABEL = re.compile(
    r"^[ \t]*(?:question|query|q|user question)[ \t]*:[ \t]*(.+)", re.IGNORECASE | re.MULTILINE
)
_ASKING = re.compile(  # a question that has a colon in it ("What does this mean: E07?"), not a label before one
    r"(?:what|how|which|when|where|who|whom|whose|why|is|are|do|does|did|can|could|will|would|should|may|must)\b", re.I
)
_EXAMPLE_LINE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]{0,24}?)[ \t]*:[ \t]*(.*)$", re.MULTILINE)
_INNER_SOURCE = re.compile(r"<(?:source|uri|id|document_id)>(.*?)</(?:source|uri|id|document_id)>", re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z_][\w-]*[^>]*>")
_LABEL_LINE = re.compile(
    r"^([^\n]*?)\b(?:context|documents|passages|sources|information|reference text|excerpts|search results)"
    r"[ \t]*:[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_ATTR_ID = re.compile(r"""(?:id|index|name|source)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_ATTRIBUTE = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_INNER_FIELD = re.compile(r"<(title|date|source|uri)>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
HEADING = re.compile(r"^(#{1,6})[ \t]+")
_LINE_MARK = re.compile(r"^(?:[-*+•]|\d+[.)]|>)[ \t]+")
_EMPHASIS = re.compile(r"\*\*|__|`")
_TABLE_RULE = re.compile(r"\|?(?:[ \t]*:?-{3,}:?[ \t]*\|?)+")
_INLINE_ROW = re.compile(r"\|[ \t]+\|")
_INLINE_BREAK = re.compile(r"[ \t]+(?=#{1,6}[ \t])|(?<=[.!?:])[ \t]+(?=\|)|[ \t]+[-*+•][ \t]+(?=[A-Z0-9])")


@dataclass(frozen=True)
class Passage:
    """A piece of reference text the prompt supplied, with the id a citation should use."""

    ref: str
    text: str
    tool_result: bool = False
    attributes: tuple[tuple[str, str], ...] = ()  # what the prompt says about it: title, source, date, ...


@dataclass(frozen=True)
class Example:
    input: str
    output: str


@dataclass
class Instructions:
    """Output constraints found in the system prompt and the user's instructions."""

    json_keys: tuple[str, ...] | None = None  # () = JSON asked for, keys not named
    json_only: bool = False
    bullets: int | None = None  # 0 = a bullet list of any length
    sentences: int | None = None
    max_words: int | None = None
    uppercase: bool = False
    cite: bool = False
    prefix: str | None = None
    suffix: str | None = None
    tone: str | None = None
    persona: str | None = None
    not_found_reply: str | None = None
    positions: dict[str, int] = field(default_factory=dict)  # constraint → where it was asked, for tier limits


@dataclass
class Prompt:
    system: str
    query: str
    passages: list[Passage]
    examples: list[Example]
    instructions: Instructions
    task_text: str  # the last user turn without its passages


def readable(text: str) -> str:
    """A passage as the simulated model reads it: a line per heading, paragraph, list item or table row, Markdown
    markers dropped except the ``#`` of headings (a heading is context for the lines under it, not an answer), each
    table row as "column: value; ..." under its table's header, each line ending a sentence. Text whose line breaks
    were joined into spaces (a word-window chunker) gets its headings back on lines of their own."""
    if "\n" not in text.strip():
        text = _INLINE_BREAK.sub("\n", _INLINE_ROW.sub("|\n|", text))
        text = "\n".join(_end_heading(line) for line in text.splitlines())
    raw_lines = [_EMPHASIS.sub("", raw).strip() for raw in text.splitlines()]
    lines: list[str] = []
    header: list[str] = []
    for i, line in enumerate(raw_lines):
        if not line or _TABLE_RULE.fullmatch(line):
            continue
        if HEADING.match(line):
            lines.append(line)
            continue
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if i + 1 < len(raw_lines) and _TABLE_RULE.fullmatch(raw_lines[i + 1]):
                header = cells  # a header row names the columns of the rows below it
                continue
            pairs = zip(header, cells, strict=False) if len(header) == len(cells) else (("", c) for c in cells)
            line = "; ".join(f"{name}: {cell}" if name else cell for name, cell in pairs if cell)
            if not line:
                continue
        else:
            header = []
        line = _LINE_MARK.sub("", line)
        lines.append(line if line[-1] in ".!?:;" else f"{line}.")
    return "\n".join(lines)


def _end_heading(line: str) -> str:
    """A heading whose line break became a space ends where the text resumes: at bold text, or at a capitalised
    word after a lowercase one ("## Return window You have" -> "## Return window", "You have")."""
    if not HEADING.match(line):
        return line
    marks, _, rest = line.partition(" ")
    words = rest.split()
    for i in range(1, len(words)):
        if words[i].startswith("*") or (words[i][:1].isupper() and not words[i - 1][:1].isupper()):
            return f"{marks} {' '.join(words[:i])}\n{' '.join(words[i:])}"
    return line


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _passages_from(text: str) -> tuple[list[Passage], str]:
    """Passages found in ``text`` and the text that remains around them."""
    passages, rest = _passages_kept(text)
    return list(passages), rest


@lru_cache(maxsize=1024)  # a prompt is read again for each model it is sent to and each turn it stays in
def _passages_kept(text: str) -> tuple[tuple[Passage, ...], str]:
    passages, rest = _find_passages(text)
    return tuple(passages), rest


def _find_passages(text: str) -> tuple[list[Passage], str]:
    items = list(_TAGGED_ITEM.finditer(text))
    if items:
        passages = []
        for i, m in enumerate(items, start=1):
            attr = _ATTR_ID.search(m.group(2))
            inner = _INNER_SOURCE.search(m.group(3))
            ref = attr.group(1) if attr else inner.group(1).strip() if inner else str(i)
            body = _TAG.sub(" ", _INNER_SOURCE.sub(" ", _INNER_FIELD.sub(" ", m.group(3))))
            attributes = [
                (a.group(1).lower(), next(g for g in a.groups()[1:] if g is not None))
                for a in _ATTRIBUTE.finditer(m.group(2))
            ]
            attributes += [(f.group(1).lower(), f.group(2).strip()) for f in _INNER_FIELD.finditer(m.group(3))]
            passages.append(Passage(ref, readable(body), attributes=tuple(attributes)))
        rest = _TAGGED_ITEM.sub(" ", text)
        return passages, _TAGGED_SECTION.sub(" ", rest)
    section = _TAGGED_SECTION.search(text) or _LABELLED_SECTION.search(text) or _FENCED_SECTION.search(text)
    if section:
        body = section.group(section.lastindex or 1)
        return _split_numbered(body), text[: section.start()] + text[section.end() :]
    label = _LABEL_LINE.search(text)
    if label:
        # "Here is some context:" then passages, then the question as the last paragraph
        tail = [p.strip() for p in re.split(r"\n\s*\n", text[label.end() :]) if p.strip()]
        if len(tail) >= 2:
            return _split_numbered("\n\n".join(tail[:-1])), text[: label.start()] + label.group(1) + "\n" + tail[-1]
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = "\n\n".join(paragraphs[:-1])
    first = _NUMBERED.search(body)
    if first and len(body.split()) >= 25:
        return _split_numbered(body), body[: first.start()] + "\n" + paragraphs[-1]
    return [], text


def _split_numbered(body: str) -> list[Passage]:
    marks = list(_NUMBERED.finditer(body))
    if marks:
        out = []
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(body)
            chunk = readable(body[m.end() : end])
            if chunk:
                title = (("title", m.group(2).strip()),) if m.group(2) else ()
                out.append(Passage(m.group(1) or m.group(3) or m.group(4), chunk, attributes=title))
        return out
    parts = [readable(p) for p in _documents_of(body)]
    return [Passage(str(i), p) for i, p in enumerate(parts, start=1) if p]


def _documents_of(body: str) -> list[str]:
    """Unnumbered passages: a Markdown document per top-level heading when there are such headings, else a
    paragraph each, a heading kept with the paragraphs under it."""
    if re.search(r"^#[ \t]", body, re.MULTILINE):
        # a document starts at its title, or at the metadata lines ("source: ...") just above it
        documents: list[list[str]] = []
        metadata_above = False
        for line in body.splitlines():
            is_metadata = bool(re.match(r"[\w-]+:[ \t]*\S+[ \t]*$", line.strip())) and not HEADING.match(line)
            if (line.startswith("# ") and not metadata_above) or (is_metadata and not metadata_above):
                documents.append([])
            if line.strip():
                metadata_above = is_metadata
            if documents:
                documents[-1].append(line)
            elif line.strip():
                documents.append([line])
        return ["\n".join(d) for d in documents if "".join(d).strip()]
    out: list[str] = []
    for paragraph in (p for p in re.split(r"\n\s*\n", body) if p.strip()):
        if out and HEADING.match(out[-1].strip().splitlines()[-1]):
            out[-1] += "\n" + paragraph
        else:
            out.append(paragraph)
    return out


def _inline_examples(text: str) -> tuple[list[Example], str | None]:
    """Few-shot blocks like ``Input: ... / Output: ...``: the examples, and the final input left to answer."""
    lines = [(m.group(1).strip().lower(), m.group(2).strip()) for m in _EXAMPLE_LINE.finditer(text)]
    pairs = Counter((a[0], b[0]) for a, b in pairwise(lines) if a[0] != b[0] and a[1] and b[1])
    if not pairs:
        return [], None
    (in_key, out_key), count = pairs.most_common(1)[0]
    if count < 2:
        return [], None
    examples: list[Example] = []
    query = None
    for i, (key, value) in enumerate(lines):
        if key != in_key:
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if nxt and nxt[0] == out_key and nxt[1]:
            examples.append(Example(value, nxt[1]))
        else:
            query = value
    return examples, query


def _turn_examples(request: TextRequest) -> list[Example]:
    turns = request.messages[:-1]
    return [
        Example(u.text, a.text)
        for u, a in zip(turns[::2], turns[1::2], strict=False)
        if u.role == "user" and a.role == "assistant"
    ]


def _quoted_after(pattern: str, text: str) -> tuple[str | None, int]:
    m = re.search(pattern + r"""\s*:?\s*(?:"([^"\n]+)"|“([^”\n]+)”|'([^'\n]+)'|`([^`\n]+)`)""", text, re.IGNORECASE)
    return (next(g for g in m.groups() if g), m.start()) if m else (None, -1)


def _json_keys(text: str, at: int) -> tuple[str, ...]:
    example = re.search(r"\{[^{}]*\}", text)
    if example:
        keys = re.findall(r"""["'](\w+)["']\s*:""", example.group(0))
        if keys:
            return tuple(dict.fromkeys(keys))
    sentence_end = re.search(r"[.!?\n]", text[at:])
    sentence = text[max(0, text.rfind(".", 0, at) + 1) : at + (sentence_end.start() if sentence_end else len(text))]
    named = re.search(r"(?:keys?|fields?|properties)\s*:?\s*(.+)", sentence, re.IGNORECASE)
    if not named:
        return ()
    quoted = re.findall(r"""["'`](\w+)["'`]""", named.group(1))
    if quoted:
        return tuple(dict.fromkeys(quoted))
    bare = re.split(r"\s*(?:,|\band\b|\bor\b)\s*", named.group(1).strip())
    return tuple(dict.fromkeys(w for w in (b.strip(" .") for b in bare) if re.fullmatch(r"\w+", w)))


def _instructions(text: str, system: str) -> Instructions:
    found = Instructions()
    pos = found.positions

    m = re.search(r"\bjson\b", text, re.IGNORECASE)
    if m:
        found.json_keys = _json_keys(text, m.start())
        found.json_only = bool(
            re.search(r"\bonly\b[^.\n]*json|json\b[^.\n]*\bonly\b|no (?:other|extra) text", text, re.I)
        )
        pos["json"] = m.start()
    m = re.search(_NUM + r"\s+(?:short\s+)?bullet", text, re.IGNORECASE)
    if m:
        found.bullets, pos["bullets"] = _number(m.group(1)), m.start()
    elif m := re.search(r"bullet(?:ed)?[ -]?(?:points?|list)|as a list", text, re.IGNORECASE):
        found.bullets, pos["bullets"] = 0, m.start()
    m = re.search(
        r"\b(?:in|using|with|write)?\s*(?:exactly\s+|just\s+|only\s+)?" + _NUM + r"\s+sentences?\b", text, re.I
    )
    if m:
        found.sentences, pos["sentences"] = _number(m.group(1)), m.start()
    elif m := re.search(r"\ba single sentence\b", text, re.IGNORECASE):
        found.sentences, pos["sentences"] = 1, m.start()
    m = re.search(
        r"(?:in|under|within|at most|no more than|maximum of|max(?:imum)?|fewer than|less than|up to|limit(?:ed)? to)"
        r"\s+(\d+)\s+words|(\d+)\s+words\s+or\s+(?:less|fewer)|(\d+)-word",
        text,
        re.IGNORECASE,
    )
    if m:
        found.max_words, pos["max_words"] = int(next(g for g in m.groups() if g)), m.start()
    m = re.search(r"\b(?:all caps|upper[- ]?case|capital letters)\b", text, re.IGNORECASE)
    if m:
        found.uppercase, pos["uppercase"] = True, m.start()
    m = re.search(
        r"\bcit(?:e|ing|ation)|\b(?:include|list|give|mention) (?:the |your )?(?:sources?|references?)", text, re.I
    )
    if m:
        found.cite, pos["cite"] = True, m.start()
    found.prefix, at = _quoted_after(
        r"(?:start|begin)\s+(?:every|each|your|the)?\s*(?:answer|response|reply|message)\s+with", text
    )
    if found.prefix:
        pos["prefix"] = at
    found.suffix, at = _quoted_after(
        r"(?:end|finish|close|sign off)\s+(?:every|each|your|the)?\s*(?:answer|response|reply|message)?\s*with", text
    )
    if found.suffix:
        pos["suffix"] = at
    found.not_found_reply, _ = _quoted_after(
        r"(?:not|n't|no)\b[^.\n]{0,80}?\b(?:say|reply|respond|answer)(?: with)?", text
    )

    persona = re.search(r"\byou are (?:an? |the )?([^.,;\n]{2,60})", system, re.IGNORECASE)
    if persona:
        found.persona = persona.group(1).strip()
    tone = re.search(
        r"\b(pirate|formal|friendly|cheerful|enthusiastic|concise|terse|brief|empathetic|playful|professional|casual)\b",
        system or text,
        re.IGNORECASE,
    )
    if tone:
        found.tone, pos["tone"] = tone.group(1).lower(), tone.start()
    return found


def _question(task_text: str) -> str:
    """What the user asks: after a ``Question:`` label, else the last sentence ending in "?" (without a label before
    it: "Customer message: How much ...?"), else the whole turn (the value alone when the turn is a single
    ``Label: value`` line)."""
    labelled = _QUESTION_LABEL.findall(task_text)
    if labelled:
        return labelled[-1].strip()
    asked = [s for s in re.split(r"(?<=[?])\s+|\n+", task_text) if s.strip().endswith("?")]
    if asked:
        label = _EXAMPLE_LINE.fullmatch(asked[-1].strip())
        if label and label.group(2).strip() and not _ASKING.match(label.group(1)):
            return label.group(2).strip()
        return asked[-1].strip()
    single = _EXAMPLE_LINE.fullmatch(task_text.strip())
    return single.group(2).strip() if single else task_text.strip()


def read_prompt(request: TextRequest) -> Prompt:
    """Analyse a request into what the simulated model acts on."""
    system = "\n".join(request.system)
    last = request.messages[-1].text if request.messages else ""
    passages: list[Passage] = []
    for i, message in enumerate(request.messages, start=1):
        for doc in message.documents:
            # tool results answer the turn they arrive in; older ones are ordinary context
            passages.append(Passage(doc.name, doc.text, doc.tool_result and i == len(request.messages)))
    sys_passages, system_rest = _passages_from(system)
    found, task_text = _passages_from(last)
    passages.extend(sys_passages)
    passages.extend(found)

    examples, query = _inline_examples(task_text)
    if not examples:
        examples, _ = _inline_examples(system_rest)  # examples in the system prompt, the input in the user turn
    if not examples:
        examples = _turn_examples(request)
    if query is None:
        query = _question(task_text)
    instructions = _instructions(system_rest + "\n" + task_text, system_rest)
    return Prompt(system_rest, query, passages, examples, instructions, task_text)
