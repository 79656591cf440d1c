"""The helpers lesson 5 and lab 5 import: the house style check, the examples, the broken files' manifest, the
facts that changed after the training snapshot, polling and the loss plot."""

from __future__ import annotations

import pytest
from matplotlib.figure import Figure

from bedrock_course.data import finetune_path, read_jsonl
from bedrock_course.finetuning import (
    BROKEN_DIR,
    CORPUS_AS_OF,
    FT_SNAPSHOT,
    changed_facts,
    in_house_style,
    load_broken_manifest,
    load_examples,
    load_facts,
    plot_losses,
    reply_body,
    wait_for,
)

REPLY = (
    "Hi Maya,\n\nEach bag costs $18.\n\nHere is what to do next:\n1. Choose your bags.\n2. Pick a roast.\n\n"
    "Brew well,\nThe Kettlewick Care team"
)


def test_every_course_reply_is_in_the_house_style():
    assert all(in_house_style(e.reply) for split in ("train", "validation") for e in load_examples(split))


@pytest.mark.parametrize(
    "reply",
    [
        REPLY.replace("\n\nBrew well,\nThe Kettlewick Care team", ""),  # no sign-off
        REPLY.replace("Hi Maya,", "Hello Maya!"),  # another greeting
        REPLY.replace("2. Pick a roast.\n", ""),  # a single step
        "I don't know the specifics of Roast Club.",
    ],
)
def test_a_reply_off_the_house_style_is_recognised(reply):
    assert in_house_style(REPLY) and not in_house_style(reply)


def test_reply_body_drops_the_greeting_only():
    assert reply_body(REPLY).startswith("Each bag costs $18.")
    assert reply_body(REPLY.replace("Maya", "there")) == reply_body(REPLY)


@pytest.mark.parametrize(("split", "count"), [("train", 340), ("validation", 40)])
def test_examples_follow_the_conversation_file_and_its_index(split, count):
    examples = load_examples(split)
    records = read_jsonl(finetune_path("prompt_completion", split))
    assert len(examples) == len(records) == count
    for example, record in zip(examples, records, strict=True):
        assert record["prompt"] == f"Customer message:\n{example.message}\n\nReply as Kettlewick Care:"
        assert record["completion"] == example.reply
        assert example.intent and set(example.facts_used) <= load_facts().keys()


def test_the_manifest_names_a_file_of_twelve_lines_for_each_defect():
    manifest = load_broken_manifest()
    assert {f["problem"] for f in manifest["files"]} == set(manifest["problems"])
    for entry in manifest["files"]:
        lines = (BROKEN_DIR / entry["file"]).read_text().splitlines()
        assert len(lines) == manifest["lines_per_file"] and 1 <= entry["line"] <= len(lines)


def test_snapshot_and_corpus_dates_are_the_readme_s():
    assert (FT_SNAPSHOT, CORPUS_AS_OF) == ("2026-06-30", "2026-11-15")


def test_changed_facts_are_those_replaced_after_the_snapshot_with_today_s_value():
    assert changed_facts(["ret_v2_window", "ret_v2_label", "ship_v2_express", "sup_v2_hours"]) == {
        "ret_v2_window": "60",
        "ret_v2_label": None,  # labels are free in version 3: no fact of that name
        "ship_v2_express": "$19.50",
        "sup_v2_hours": None,
    }
    assert changed_facts(["fe1_price_v1", "carrier_old"]) == {"fe1_price_v1": "$699", "carrier_old": "SwiftCrate"}


def test_facts_current_on_the_snapshot_or_replaced_before_it_are_not_changed():
    # warranty v3 took effect before the snapshot: replies quote v2's term as the old one, knowingly
    unchanged = ["war_v2_other", "war_v3_grinder_kettle", "loy_v2_redeem", "ek1_price_v2", "phone", "rc_v2_price"]
    assert changed_facts(unchanged) == {}


def test_every_changed_fact_the_replies_state_is_one_the_readme_lists_as_stale():
    used = sorted({key for split in ("train", "validation") for e in load_examples(split) for key in e.facts_used})
    series = {key.split("_v")[0] if "_v" in key else key for key in changed_facts(used)}
    assert series == {"ret", "ship", "sup", "fe1_price", "carrier_old"}


def test_wait_for_polls_until_a_ready_status():
    statuses = iter(["Creating", "Creating", "Active", "never read"])
    assert wait_for(lambda: next(statuses), "Active", "Failed", interval=0) == "Active"
    assert next(statuses) == "never read"


def test_plot_losses_draws_both_curves_and_marks_the_best_epoch():
    training = [
        {"step_number": str(s), "epoch_number": str(s // 2), "training_loss": str(2 - s / 10)} for s in range(6)
    ]
    validation = [
        {"step_number": str(2 * e + 1), "epoch_number": str(e), "validation_loss": str(v)}
        for e, v in enumerate([1.5, 1.2, 1.4])
    ]
    ax = Figure().subplots()
    plot_losses(ax, training, validation, "a run")
    lines = ax.get_lines()
    assert [list(line.get_xdata()) for line in lines[:2]] == [[0.5, 1.0, 1.5, 2.0, 2.5, 3.0], [1, 2, 3]]
    assert list(lines[2].get_xdata()) == [2, 2]  # the vertical line at the lowest validation loss
