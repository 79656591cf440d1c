"""The labelled reading set (data/calibration/reading.jsonl), prompts built from it, and a scorer for answers.

Shared by the reading, faithfulness and long-context calibrations. Everything goes through boto3's Converse, so
the same measurement runs against real Bedrock when localbedrock is not started. The scorer reads real models'
phrasing too: an abstention is any of the usual ways of saying the documents do not answer; a right answer holds
every expected value (numbers compared as numbers, thousands separators ignored).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import boto3

from bedrock_course.data import DATA_DIR, load_corpus, read_jsonl

READING_SET = DATA_DIR / "calibration" / "reading.jsonl"
ABSTAIN_INSTRUCTION = (
    'Answer the question using only the documents above. If they do not contain the answer, say "I don\'t know."'
)
_ABSTAIN = re.compile(
    r"\b(?:i don't know|i do not know|don't have (?:enough |reliable )?information|do(?:es)? not (?:contain|answer|say|"
    r"mention|include|provide|specify|state)|not (?:in|covered by) the (?:context|documents|search results|passages)|"
    r"no information|(?:cannot|can't|could not|couldn't|unable to) (?:answer|find|determine|confirm)|"
    r"not (?:mentioned|specified|stated|provided)|there is no (?:mention|information))\b",
    re.IGNORECASE,
)


@cache
def reading_set() -> tuple[dict, ...]:
    return tuple(read_jsonl(READING_SET))


# Every split, in the order they were written (data/README.md). The behaviour calibrations (faithfulness, long
# context) read the first three; fresh2, fresh2_held, fresh3, fresh4, fresh5 and fresh6 are kept for judging the
# reader itself on questions written after it (bench/reading_bench.py).
SPLITS = ("dev", "held_apart", "fresh", "fresh2", "fresh2_held", "fresh3", "fresh4", "fresh5", "fresh6")
CALIBRATION_SPLITS = SPLITS[:3]


def questions(split: str | None = None, answerable: bool | None = None, types: Iterable[str] = ()) -> list[dict]:
    """Records of the reading set, of one ``split`` (one of ``SPLITS``) or of the calibration splits (None),
    answerable or not, of some types."""
    wanted = set(types)
    return [
        r
        for r in reading_set()
        if (r["split"] == split if split is not None else r["split"] in CALIBRATION_SPLITS)
        and (answerable is None or r["answerable"] == answerable)
        and (not wanted or r["type"] in wanted)
    ]


@cache
def documents() -> dict[str, str]:
    return {d.doc_id: d.text for d in load_corpus()}


def xml_prompt(question: str, doc_ids: Sequence[str], instructed: bool = True) -> str:
    """Documents in XML tags, then the instruction (or none), then the question: a common hand-written layout."""
    blocks = "\n\n".join(f'<document id="{d}">\n{documents()[d]}\n</document>' for d in doc_ids)
    instruction = f"{ABSTAIN_INSTRUCTION}\n\n" if instructed else ""
    return f"{blocks}\n\n{instruction}Question: {question}"


@cache
def ask(model_id: str, prompt: str, system: str = "") -> str:
    """The model's answer at temperature 0 (cached: several behaviours read the same answers)."""
    runtime = boto3.client("bedrock-runtime", region_name="us-east-1")
    request: dict = {
        "modelId": model_id,
        "messages": [{"role": "user", "content": [{"text": prompt}]}],
        "inferenceConfig": {"temperature": 0.0, "maxTokens": 400},
    }
    if system:
        request["system"] = [{"text": system}]
    return runtime.converse(**request)["output"]["message"]["content"][0]["text"]


def abstains(answer: str) -> bool:
    """Whether ``answer`` declines: says the documents (or the model) do not have the answer."""
    return bool(_ABSTAIN.search(answer))


def _normal(text: str) -> str:
    return re.sub(r"(?<=\d),(?=\d{3})", "", text).lower()


def _holds(answer: str, expected: str) -> bool:
    for option in expected.split("|"):
        wanted = _normal(option)
        if re.fullmatch(r"[$€£]?\d+(?:\.\d+)?%?", wanted):
            # "$29.00" is "$29"; "$29.50" and "290" are not
            if re.search(rf"(?<![\d.]){re.escape(wanted)}(?:\.0+)?(?![\d]|\.\d)", _normal(answer)):
                return True
        elif re.search(_phrase_pattern(wanted), _normal(answer)):
            return True
    return False


def _phrase_pattern(wanted: str) -> str:
    """A phrase as whole words ("10 a.m." ends with a full stop, so no word boundary after it); a last word of
    letters may carry an inflection ("overheat" is said as "overheated")."""
    start = r"(?<!\w)" if wanted[:1].isalnum() else ""
    end = r"(?:s|es|d|ed|ing)?(?!\w)" if wanted[-1:].isalpha() else r"(?!\w)" if wanted[-1:].isalnum() else ""
    return f"{start}{re.escape(wanted)}{end}"


def correct(answer: str, record: dict) -> bool:
    """Whether ``answer`` is right for ``record``: an abstention for an unanswerable question, else every expected
    value (and, for a comparison, the expected option named before its rival)."""
    if not record["answerable"]:
        return abstains(answer)
    if abstains(answer) or not all(_holds(answer, e) for e in record["expected"]):
        return False
    rival = record.get("rival")
    if rival and rival.lower() in answer.lower():
        return answer.lower().index(record["expected"][0].lower()) < answer.lower().index(rival.lower())
    return True


def share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0
