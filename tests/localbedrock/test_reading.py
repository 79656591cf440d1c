"""The reader behind grounded answers: prompt layouts, sentence splitting, answer kinds, recency, abstention."""

from __future__ import annotations

import pytest
from bedrock_helpers import SONNET

from localbedrock.catalog import CATALOG
from localbedrock.generator import SimulatedTextModel
from localbedrock.model import Document, Message, TextRequest
from localbedrock.prompt import Passage, read_prompt
from localbedrock.reading import values
from localbedrock.reading.question import analyse, parts
from localbedrock.reading.text import split_sentences

KETTLE_2 = """# Ember Kettle 2 (KW-EK2)

**Catalogue entry, published March 10, 2026. Price: $129.**

The Ember Kettle 2 is our second-generation gooseneck kettle.

## Specifications

- Capacity: 0.9 liter.
- Hold mode: keeps water at temperature for up to 90 minutes."""
POUR_OVER = """# Ember Pour-Over Kettle (KW-EK1)

**Catalogue entry, version 2, published March 10, 2026. Price: $79 (was $89).**

With the launch of the Ember Kettle 2, the original Ember Pour-Over Kettle stays in the range at a lower price \
of $79."""
NOVA_LITE = "amazon.nova-lite-v1:0"
QUESTION = "How much does the Ember Kettle 2 cost?"
PASSAGES = [("product-ember-kettle-v2", POUR_OVER), ("product-ember-kettle-2", KETTLE_2)]
ONLY_CONTEXT = 'Answer only from the context. If the answer is not in the context, say "I don\'t know."'


def answer(text: str, model: str = NOVA_LITE, system: str = "", documents: tuple[Document, ...] = ()) -> str:
    request = TextRequest(model, (Message("user", text, documents),), (system,) if system else (), temperature=0.0)
    return SimulatedTextModel(CATALOG[model]).generate(request).text


def joined(separator: str = "\n\n") -> str:
    return separator.join(text for _, text in PASSAGES)


LAYOUTS = {
    "xml document tags": "\n\n".join(f'<document id="{i}">\n{t}\n</document>' for i, t in PASSAGES)
    + f"\n\n{ONLY_CONTEXT}\n\nQuestion: {QUESTION}",
    "plain Context block": f"Context:\n{joined()}\n\nQuestion: {QUESTION}",
    "LangChain RAG prompt": (
        "You are an assistant for question-answering tasks. Use the following pieces of retrieved context to "
        "answer the question. If you don't know the answer, just say that you don't know. Use three sentences "
        f"maximum and keep the answer concise.\nQuestion: {QUESTION} \nContext: "
        + "\n\n".join(f"source: s3://docs/{i}.md\n{t}" for i, t in PASSAGES)
        + " \nAnswer:"
    ),
    "LlamaIndex default QA prompt": (
        "Context information is below.\n---------------------\n"
        + "\n\n".join(f"file_path: /data/{i}.md\n\n{t}" for i, t in PASSAGES)
        + "\n---------------------\nGiven the context information and not prior knowledge, answer the query.\n"
        f"Query: {QUESTION}\nAnswer: "
    ),
    "numbered documents with titles": (
        "Write a high-quality answer for the given question using only the provided search results (some of "
        "which might be irrelevant).\n\n"
        + "\n".join(
            f"Document [{n}](Title: {t.splitlines()[0][2:]}) {' '.join(t.split()[5:])}"
            for n, (_, t) in enumerate(PASSAGES, start=1)
        )
        + f"\n\nQuestion: {QUESTION}\nAnswer:"
    ),
    "question after a label": "\n".join(f"<document>\n{t}\n</document>" for _, t in PASSAGES)
    + f"\n\nCustomer message: {QUESTION}",
}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_context_is_recognised_in_each_common_layout(layout):
    reply = answer(LAYOUTS[layout])
    assert "$129" in reply and ("$79" not in reply or reply.index("$129") < reply.index("$79")), reply
    assert "source:" not in reply and "s3://" not in reply and "file_path" not in reply


def test_converse_document_blocks_are_read_as_passages():
    documents = tuple(Document(i, t) for i, t in PASSAGES)
    assert "$129" in answer(QUESTION, documents=documents)


def test_the_bedrock_knowledge_base_prompt_is_read():
    from localbedrock.knowledgebases.generation import Source, build_request

    request = build_request(NOVA_LITE, QUESTION, [Source(t) for _, t in PASSAGES], None, [])
    reply = SimulatedTextModel(CATALOG[NOVA_LITE]).generate(request).text
    assert "$129" in reply and "$79" not in reply


def test_sentences_are_not_split_at_abbreviations():
    text = "People answer from 7 a.m. to 11 p.m. Eastern. Pay by card, e.g. Visa. Ask for form No. 4 today."
    assert split_sentences(text) == [
        "People answer from 7 a.m. to 11 p.m. Eastern.",
        "Pay by card, e.g. Visa.",
        "Ask for form No. 4 today.",
    ]

    # an abbreviation that can close a sentence does, when a function word starts the next
    assert split_sentences(
        "Open 8 a.m. to 6 p.m. On Saturdays we close at 1 p.m. Eastern. Ask Acme Inc. Reports follow."
    ) == [
        "Open 8 a.m. to 6 p.m.",
        "On Saturdays we close at 1 p.m. Eastern.",
        "Ask Acme Inc. Reports follow.",
    ]


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much does the Ember Kettle 2 cost?", "price"),
        ("How long do I have to send it back?", "duration"),
        ("When was the Foundry Duo launched?", "date"),
        ("Who founded the company?", "person"),
        ("How many grind settings does it have?", "count"),
        ("How heavy is the scale?", "quantity"),
        # the kind the question says first
        ("How many reports had we received when the recall was announced?", "count"),
        ("How long does the scale's battery last on a charge?", "duration"),
        ("How long is the power cord on the Quarry Grinder?", "quantity"),
        ("How long is the water filter good for?", "duration"),
        ("How many millimeters larger are the Quarry Grinder's burrs than the Mill Two's?", "quantity"),
        ("When was the Quarry Grinder released?", "date"),
        # asking words before a topic word said earlier
        ("If the store lowers its price after I order, within how many days do I get the difference?", "duration"),
        ("If my order costs $60, how long does shipping take?", "duration"),
        ("What does express shipping cost?", "price"),
        # process times, distances, and a number that is not a phone number
        ("What is the default auto-off time of the Quarry Grinder?", "duration"),
        ("What is the eco mode timeout?", "duration"),
        ("How close must my phone be to the base when pairing?", "quantity"),
        ("How far in advance can I schedule a gift card?", "duration"),
        ("What number should I start at on the grinder for a cone dripper?", None),
        ("What number do I call for support?", "phone"),
    ],
)
def test_the_kind_of_value_asked_for_is_recognised(question, kind):
    assert analyse(question).kind == kind


def test_a_capacity_is_a_volume_or_a_mass_and_a_count_counts_its_noun():
    assert analyse("What is the maximum capacity of the Ledger Scale?").dimension == "capacity"  # a volume or a mass
    assert analyse("How much water does the kettle hold?").dimension == "volume"
    assert analyse("How many characters long is a gift card code?").counted == "charact"  # the stem of "characters"
    refund = analyse("If the price drops after I order, within how many days is the difference refunded?")
    assert refund.operation is None  # the money owed back, not a difference to compute
    assert analyse("What's the price difference between the Mill One and the Mill Two?").operation == "difference"


def test_a_hyphenated_word_asked_weighs_as_one_word():
    notes = (
        "# Espresso firmware 1.6 release notes\n\n## New\n\n- **Adjustable pre-infusion.** Set pre-infusion from 0 "
        "to 10 seconds in the menu. The default stays at 4 seconds.\n- **Eco mode.** The machine switches itself off "
        "after 30 or 60 minutes without use. The default is 60 minutes."
    )
    prompt = f'<document id="notes">\n{notes}\n</document>\n\n{ONLY_CONTEXT}\n\n'
    said = answer(prompt + "Question: What is the default pre-infusion time after firmware 1.6?")
    assert "4 seconds" in said and "60 minutes" not in said


@pytest.mark.parametrize(
    ("turn", "question"),
    [
        ("Customer message: How much does it cost?", "How much does it cost?"),
        ("<document>\nPrice: $5.\n</document>\n\nQuick question: is it free?", "is it free?"),
        ("What does this mean: E07?", "What does this mean: E07?"),
    ],
)
def test_the_question_is_read_without_a_label_before_it(turn, question):
    assert read_prompt(TextRequest(NOVA_LITE, (Message("user", turn),))).query == question


def test_a_possessive_names_its_owner_not_what_is_asked():
    # "pressure" is said by the dimension asked (a value in bar answers it without the word)
    assert analyse("What is the maximum pressure of the Foundry Duo's steam boiler?").attribute_terms == {
        "maximum",
        "steam",
        "boil",
    }


def test_a_total_and_a_comparison_combine_two_passages():
    context = f"Context:\n{joined()}\n\nQuestion: "
    assert "$208" in answer(context + "What do the Ember Kettle 2 and the Ember Pour-Over Kettle cost together?")
    cheaper = answer(context + "Which is cheaper, the Ember Kettle 2 or the Ember Pour-Over Kettle?")
    assert cheaper.index("Ember Pour-Over Kettle") < cheaper.index("Ember Kettle 2")
    assert "$50" in answer(context + "How much more does the Ember Kettle 2 cost than the Ember Pour-Over Kettle?")


OLD_POLICY = (
    "# Returns Policy\n\nVersion 1. Effective January 1, 2024.\n\nYou have 30 days from delivery to return an item."
)
NEW_POLICY = (
    "# Returns Policy\n\nVersion 2. Effective June 1, 2025.\n\nYou have 45 days from delivery to return an item."
)
FIRMWARE = "# Firmware 2.0\n\nReleased October 1, 2026.\n\nEco mode now switches off after 30 minutes."


def test_recency_is_decided_among_versions_of_one_document_only():
    context = (
        f"Context:\n{OLD_POLICY}\n\n{NEW_POLICY}\n\n{FIRMWARE}\n\nQuestion: How many days do I have to return an item?"
    )
    assert "45 days" in answer(context, SONNET)
    catalogue = "# Ember Kettle 2\n\nPrice: $129. Capacity: 0.9 liter."
    newer_note = f"Context:\n{catalogue}\n\n{FIRMWARE}\n\nQuestion: What is the capacity of the Ember Kettle 2?"
    assert "0.9 liter" in answer(newer_note, SONNET), "a newer unrelated document does not knock out the catalogue"


@pytest.mark.parametrize(
    "question",
    [
        "How much does the Ember Kettle 3 cost?",
        "What is the price of the Zephyr Toaster?",
        "How heavy is the Ember Kettle 2?",
    ],
)
def test_a_question_the_passages_cannot_answer_is_declined(question):
    context = f"{ONLY_CONTEXT}\n\nContext:\n{joined()}\n\nQuestion: {question}"
    replies = [answer(context.replace("Question:", f"Question {n}:"), SONNET) for n in range(1)]
    assert all("don't know" in r for r in replies), replies


def test_rates_a_tier_1_model_mixes_in_values_no_passage_states_more_often_than_a_tier_3_one():
    prompts = [f"Request {n}.\n\nContext:\n{joined()}\n\nQuestion: {QUESTION}" for n in range(300)]

    def unfaithful(model: str) -> float:
        replies = [answer(p, model) for p in prompts]
        return sum("$129" not in r or "$" in r.replace("$129", "") for r in replies)

    assert unfaithful("amazon.titan-text-lite-v1") > unfaithful(SONNET) > 0


def test_a_chunk_starting_mid_document_is_not_titled_by_a_later_heading():
    from localbedrock.prompt import Passage
    from localbedrock.reading.documents import read_passage

    chunk = "- Hold mode: keeps water warm for up to 60 minutes.\n\n## Lid replacement program\n\nLids are free."
    sentences = read_passage(0, Passage(ref="doc#1", text=chunk)).sentences
    assert sentences[0].context == ""
    assert sentences[-1].context == "Lid replacement program"


@pytest.mark.parametrize(
    ("value", "reads_after_is"),
    [
        ("$129", True),
        ("up to 60 minutes", True),
        ("brushed stainless steel", True),
        ("keeps water at your chosen temperature for up to 60 minutes", False),
        ("the kettle switches off if it is lifted", False),
    ],
)
def test_a_labelled_line_is_rephrased_only_when_its_value_reads_after_is(value, reads_after_is):
    from localbedrock.reading.reader import _NOUN_VALUE

    assert bool(_NOUN_VALUE.match(value)) is reads_after_is


def grounded(question: str, *documents: tuple[str, str]) -> str:
    """Nova Lite's answer to ``question`` given ``documents`` (id, text) in XML tags, told to answer only from them."""
    blocks = "\n\n".join(f'<document id="{i}">\n{t}\n</document>' for i, t in documents)
    return answer(f"{blocks}\n\n{ONLY_CONTEXT}\n\nQuestion: {question}")


def declines(text: str) -> bool:
    return "don't know" in text.lower()


GRINDER = """# Quarry Grinder (QG-1)

**Catalogue entry, published May 4, 2025. Price: $149.**

The Quarry Grinder is a compact conical burr grinder for pour-over and drip.

## Specifications

- Burrs: 40 mm conical steel burrs.
- Hopper: holds 250 grams of beans.
- Motor: 150 watts."""


def test_a_reworded_attribute_is_answered_from_the_entitys_own_document():
    # "released" is a word the passage never uses: its catalogue entry's date answers
    assert "May 4, 2025" in grounded("When was the Quarry Grinder released?", ("quarry", GRINDER))


def test_a_measure_of_something_else_is_not_the_answer():
    # 250 grams is what the hopper holds, not what the grinder weighs
    assert declines(grounded("How much does the Quarry Grinder weigh?", ("quarry", GRINDER)))


def test_a_sentence_about_the_opposite_does_not_answer():
    frother = "# Foam Pal\n\n- Modes: hot foam, cold foam and warm milk.\n- Hot foam is ready in about 2 minutes."
    assert declines(grounded("How long does the Foam Pal take to make cold foam?", ("foam", frother)))


def test_a_sibling_products_value_is_not_the_answer():
    parts = "# Spare parts\n\n- Part: Replacement burr set; Fits: Quarry Grinder; Price: $35."
    sibling = GRINDER.replace("Quarry Grinder (QG-1)", "Quarry Grinder Pro (QG-2)").replace(
        "The Quarry Grinder is", "The Quarry Grinder Pro is"
    )
    question = "How much does a replacement burr set for the Quarry Grinder Pro cost?"
    assert declines(grounded(question, ("parts", parts), ("pro", sibling)))
    assert "$35" in grounded("How much does a replacement burr set for the Quarry Grinder cost?", ("parts", parts))


def test_two_documents_are_combined_when_the_question_names_neither():
    returns = "# Returns\n\nYou have 60 days from delivery to return an item."
    protection = "# Price protection\n\nIf we lower a price within 30 days of your order, we refund the difference."
    question = "How many days longer is the return window than the price protection period?"
    # the answer states the result, not just the two sentences (each of which holds a number of days)
    assert "The difference: 30 days." in grounded(question, ("returns", returns), ("protection", protection))


# What a customer pays: the product's price adjusted by what another document says applies (reading/adjust.py).
# Products, places and programmes below are made up for these tests, so no labelled question is behind them.
LANTERN = "# Lantern Tamper (LT-5)\n\n- Price: $80.\n- Base: 58 mm stainless steel.\n\nA spare handle costs $12."
MEMBERS = "# Harbour Club terms\n\nHarbour Club members get 15% off any appliance while their plan is active."
TRADE_IN = "# Trade-in\n\nSend us any working tamper and we give you $20 credit toward a new one."
SHIPPING = (
    "# Shipping rates\n\n| Service | Price | Delivery time |\n|---|---|---|\n| Standard | $6.50 | 3 to 5 days |\n"
    "| Overnight | $30.00 | next day |\n\nStandard shipping is free on orders of $75 or more.\n\n"
    "# Islands\n\nWe ship to Maui at a flat rate of $25.00 per order."
)


def test_a_members_discount_from_another_document_is_applied_to_the_price():
    reply = grounded("As a Harbour Club member, what would I pay for a Lantern Tamper?", ("t", LANTERN), ("m", MEMBERS))
    assert "$68" in reply  # $80 less 15 %


def test_a_trade_in_credit_is_taken_off_the_price():
    reply = grounded(
        "If I trade in my old tamper, what will the Lantern Tamper cost me?", ("t", LANTERN), ("c", TRADE_IN)
    )
    assert "$60" in reply


def test_shipping_is_added_unless_the_price_reaches_the_free_shipping_threshold():
    cheap = "# Pebble Scale (PS-1)\n\n- Price: $40.\n"
    reply = grounded("What's my total for a Pebble Scale with standard shipping?", ("p", cheap), ("s", SHIPPING))
    assert "$46.50" in reply  # the standard row, not overnight nor the island rate; $40 is under the $75 threshold
    reply = grounded("What's my total for a Lantern Tamper with standard shipping?", ("t", LANTERN), ("s", SHIPPING))
    assert "$80" in reply and "$86.50" not in reply  # $80 reaches the threshold: shipping is free


def test_a_question_about_the_shipping_price_alone_is_not_given_a_total():
    reply = grounded("How much does it cost to ship an order overnight?", ("t", LANTERN), ("s", SHIPPING))
    assert "$30" in reply and "$110" not in reply


def test_the_sentence_that_asks_decides_the_kind_of_value():
    returns = "# Trade-in\n\nSend your old machine within 30 days of receiving your new one. The credit is $100."
    question = "I got credit for my old machine when I upgraded. How long do I have to send it in?"
    assert "30 days" in grounded(question, ("r", returns))


def test_when_in_a_clause_does_not_ask_for_a_date():
    repairs = (
        "# Repairs\n\nMost repairs take 10 business days from October 1, 2025. Without the original box, pack the "
        "appliance with at least 5 cm of padding on every side."
    )
    assert "5 cm" in grounded("How much padding do I need when I pack the appliance without its box?", ("r", repairs))


def test_a_comparative_says_the_kind_of_value_and_the_difference_keeps_its_unit():
    old = "# Firmware 3.1\n\nThe update takes about 5 minutes to install."
    new = "# Firmware 4.0\n\nThe update takes about 9 minutes to install."
    reply = grounded("How much longer does the firmware 4.0 update take to install than 3.1?", ("a", old), ("b", new))
    assert "4 minutes" in reply


def test_a_hyphenated_measure_holds_the_dimension_asked():
    power = "# Power\n\nAppliances sold in Canada are the 120-volt versions."
    assert "120-volt" in grounded("What voltage are the appliances sold in Canada?", ("p", power))


def test_a_difference_is_stated_in_a_unit_both_values_share():
    from localbedrock.reading.values import Value, measured_difference

    def v(text: str) -> Value:
        return Value(text, float(text.split()[0]), 0)

    assert measured_difference(v("8 minutes"), v("6 minutes")) == "2 minutes"
    assert measured_difference(v("54 mm"), v("40 mm")) == "14 mm"
    assert measured_difference(v("5 hours"), v("120 minutes")) == "3 hours"  # whole in the larger unit
    assert measured_difference(v("90 minutes"), v("1 hour")) == "30 minutes"
    assert measured_difference(v("10 business days"), v("5 business days")) == "5 business days"
    assert measured_difference(v("10 business days"), v("5 days")) is None  # not the same kind of day
    assert measured_difference(v("2 liters"), v("40 mm")) is None


@pytest.mark.parametrize("rounding", [None, 1.0])  # 1.0: every cosine counts as too near a bound to decide
def test_word_bands_are_the_bands_of_the_word_cosines(monkeypatch, rounding):
    from localbedrock.reading import matching

    if rounding is not None:
        monkeypatch.setattr(matching, "_ROUNDING", rounding)
    asked = ["price", "cost", "kettle", "warranty"]
    vocabulary = sorted({"price", "charge", "fee", "kettle", "boiler", "guarantee", "warranty", "coffee", "the", "zyx"})
    bounds = (0.42, 0.55)
    closeness = matching.word_similarities(asked, vocabulary)
    expected = (closeness >= bounds[0]).astype(int) + (closeness >= bounds[1]).astype(int)
    bands = matching.word_bands(asked, vocabulary, bounds)
    assert bands.tolist() == expected.tolist()
    assert bands[0, vocabulary.index("price")] == 2 and 0 in bands
    assert matching.word_bands([], vocabulary, bounds).shape == (0, len(vocabulary))


def test_what_actually_happened_is_not_answered_by_what_was_expected():
    memo = (
        "# Price memo\n\nThe new price starts on January 1, 2026. We expect up to 4% of members to cancel in January."
    )
    prompt = f'<document id="memo">\n{memo}\n</document>\n\n{ONLY_CONTEXT}\n\n'
    assert "don't know" in answer(prompt + "Question: What share of members actually cancelled in January?")
    assert "4%" in answer(prompt + "Question: What share of members do you expect to cancel in January?")


def test_a_capacity_is_answered_by_a_mass_or_a_volume_but_not_by_a_temperature():
    scale = "# Brew Scale\n\n## Specifications\n\n- Capacity: 2 kilograms.\n- Battery: 30 hours per charge."
    prompt = f'<document id="scale">\n{scale}\n</document>\n\n{ONLY_CONTEXT}\n\n'
    assert "2 kilograms" in answer(prompt + "Question: What is the maximum capacity of the Brew Scale?")
    machine = "# Espresso Machine\n\n## Specifications\n\n- Boiler: single boiler, adjustable from 190 to 205 degrees."
    prompt = f'<document id="machine">\n{machine}\n</document>\n\n{ONLY_CONTEXT}\n\n'
    assert "don't know" in answer(prompt + "Question: What is the boiler capacity of the Espresso Machine?")


def test_a_hyphenated_word_with_a_frame_word_in_it_is_read():
    said = answer(f"{LAYOUTS['xml document tags']}".replace(QUESTION, "How much does a day-long Ember Kettle 2 cost?"))
    assert "$129" in said


# Two-step arithmetic across documents (reading/compose.py); made-up products again.
FILTERS = "# Spare parts\n\n| Part | Price |\n|---|---|\n| Carbon filters, pack of 4 | $18 |\n| Lid seal | $6 |"
CARE = (
    "# Care guide\n\nRinse the jug after each use. Replace the carbon filter every 3 weeks, or every week if your "
    "water is heavily chlorinated. Descale every 2 months."
)
INSTALMENTS = "# Paying\n\nOrders of $100 or more can be paid in three interest-free installments with Paysplit."
BEANS = "# Harbour Beans\n\nEach 250-gram bag costs $14, shipping included. You choose the roast."


def test_how_long_a_supply_lasts_is_its_count_times_its_interval():
    question = "How many weeks will one pack of carbon filters last me?"
    reply = grounded(question, ("parts", FILTERS), ("care", CARE))
    assert "12 weeks" in reply  # 4 filters, one every 3 weeks; not the descaling interval nor the chlorinated one
    reply = grounded(
        "My water is heavily chlorinated. How many weeks will one pack of carbon filters last?",
        ("parts", FILTERS),
        ("care", CARE),
    )
    assert "4 weeks" in reply  # the schedule the question's words select


def test_a_question_about_how_long_something_lasts_on_its_own_is_read_as_usual():
    battery = "# Pebble Scale (PS-1)\n\n- Battery: about 30 hours of use per charge.\n- Price: $40."
    reply = grounded("How long does the Pebble Scale's battery last on a charge?", ("p", battery), ("care", CARE))
    assert "30 hours" in reply


def test_each_payment_is_the_price_divided_by_the_number_of_payments():
    reply = grounded(
        "If I pay for a Lantern Tamper in installments, how much is each payment?", ("t", LANTERN), ("p", INSTALMENTS)
    )
    # $80 is under the $100 the passage asks for: nothing divided, the passage's terms given as they are
    assert "$26.67" not in reply and "Orders of $100 or more" in reply
    expensive = "# Quay Grinder (QG-2)\n\n- Price: $250.\n"
    reply = grounded(
        "How much is each installment if I split a Quay Grinder into payments?", ("g", expensive), ("p", INSTALMENTS)
    )
    assert "$83.33" in reply


def test_several_units_cost_the_count_asked_times_the_unit_price():
    reply = grounded("What do 5 bags of Harbour Beans cost?", ("b", BEANS), ("t", LANTERN))
    assert "$70" in reply
    reply = grounded(
        "What does a 6-month Harbour Beans subscription of two bags a month cost?", ("b", BEANS), ("t", LANTERN)
    )
    assert "$168" in reply  # 6 months x 2 bags x $14
    priced = "# Plans\n\nA 6-month Harbour Beans plan costs $75."
    reply = grounded("What does a 6-month Harbour Beans plan cost?", ("b", BEANS), ("p", priced))
    assert "$75" in reply and "$84" not in reply  # a price the passages state for that many is read, not computed


def test_durations_asked_in_total_are_summed_with_their_unit():
    first = "# Firmware 3.1\n\nThe update takes about 5 minutes."
    second = "# Firmware 4.0\n\nInstalling it takes about 12 minutes; keep the machine on."
    reply = grounded(
        "How many minutes will updating to 3.1 and then to 4.0 take in total?", ("a", first), ("b", second)
    )
    assert "17 minutes" in reply


def test_the_cheapest_option_is_the_row_with_the_lowest_price():
    memo = (
        "# Lantern holiday shipping\n\n## Order by\n\n"
        "- Service: Overnight ($29.00); Order by: December 21.\n"
        "- Service: Two-day ($14.50); Order by: December 19.\n"
        "- Service: Ground ($4.95); Order by: December 15."
    )
    reply = grounded("Using the cheapest delivery, what is the last day I can order for Christmas?", ("m", memo))
    assert reply.startswith("Service: Ground") and "December 15" in reply


def test_a_clause_saying_when_before_a_yes_no_question_does_not_ask_when():
    asked = analyse("I live in Munich. When my order shows up, will the delivery driver ask me for import tax money?")
    assert asked.kind is None and asked.yes_no
    assert analyse("When does the sale end?").kind == "date"
    assert analyse("When is the store open, and how long?").kind == "date"
    doc = (
        "# Shipping to the EU\n\nOrders to the European Union ship delivered duty paid: VAT and duties are included "
        "in the price, so nothing is collected on delivery.\n\nStandard delivery takes 7 to 12 business days, from "
        "the day the order leaves us."
    )
    reply = grounded("When my order shows up in Lyon, will the courier ask me for import tax money?", ("s", doc))
    assert "included" in reply and "7 to 12" not in reply


def test_a_version_in_the_story_is_placed_by_a_range_of_versions():
    app = "# Lantern app\n\nSince version 3.0, the Lantern app needs Android 12 or later, or iOS 16 or later."
    reply = grounded(
        "My old phone runs Android 11 and I can't upgrade it. Will the Lantern app work on it?", ("a", app)
    )
    assert "Android 12" in reply  # Android 11 is below the range the passage gives, not a thing it does not know
    kettle = "# Ember Kettle 2\n\nThe Ember Kettle 2 costs $129."
    assert declines(grounded("How much does the Ember Kettle 3 cost?", ("k", kettle)))  # another model


def test_the_value_added_from_another_passage_is_the_one_stated_alike():
    first = (
        "# Firmware 3.1\n\n- The steam wand now purges for 3 seconds after each use.\n\n## Installing\n\n"
        "Keep the machine on. The update takes about 5 minutes."
    )
    second = (
        "# Firmware 4.0\n\n- It now always runs for 2 seconds when you close the steam knob.\n\n## Installing\n\n"
        'Leave the machine on until it shows "Done"; this takes about 12 minutes.'
    )
    reply = grounded("How long will the two updates take altogether?", ("a", first), ("b", second))
    assert "17 minutes" in reply  # not 5 minutes and 2 seconds, the value ranked before it


def test_a_promotion_in_another_document_is_applied_to_the_price():
    sale = "# Spring sale\n\nThe spring sale runs from April 2 to April 9 with 20% off tampers and scales."
    reply = grounded("What will a Lantern Tamper cost during the spring sale?", ("t", LANTERN), ("s", sale))
    assert "$64" in reply


HARBOUR_POINTS = (
    "# Harbour Points\n\nYou earn 1 point for every dollar you spend. Harbour Club members earn 3 points per dollar "
    "on every purchase.\n\n## Redeeming\n\nEvery 250 points can be redeemed for a $5 reward at checkout."
)


def test_points_earned_are_the_rate_times_the_amount_spent():
    assert "80 points" in grounded(
        "How many points would I earn buying a Lantern Tamper?", ("p", HARBOUR_POINTS), ("t", LANTERN)
    )
    reply = grounded("As a Harbour Club member, how many points do I get on a $120 order?", ("p", HARBOUR_POINTS))
    assert "360 points" in reply  # the members' rate, for the group the question names
    reply = grounded("How many points do I need for a $5 reward?", ("p", HARBOUR_POINTS))
    assert "250 points" in reply  # what a reward needs is read, not computed as points earned on $5


def test_points_held_are_worth_whole_lots_at_the_redemption_rate():
    assert "$20" in grounded("How much are 1,000 Harbour Points worth?", ("p", HARBOUR_POINTS))
    assert "$15" in grounded("What are 800 points worth at checkout?", ("p", HARBOUR_POINTS))  # 3 lots of 250


def test_a_version_asked_is_read_from_the_release_notes_that_give_it():
    notes = (
        "# Harbour app 5.2 release notes\n\n## Requirements\n\nThis is the last version that supports iOS 14.\n\n"
        "## New\n\nThe grinder's dose can now be set from the app."
    )
    later = "# Harbour app 6.0 release notes\n\n## Requirements\n\niOS 15 or later."
    reply = grounded(
        "My iPad can't go past iOS 14. What's the newest version of the app I can use?", ("a", notes), ("b", later)
    )
    assert "5.2" in reply  # the app's version, from the notes' title; not the iOS version the question names
    firmware = "# Lantern firmware 3.0 release notes\n\nThe tamper's pressure light now turns on at 15 kilograms."
    product = "# Lantern Tamper (LT-5)\n\n- Pairs with the Harbour app (version 5.0 or later).\n- Base: 58 mm."
    reply = grounded(
        "Which firmware version turned on the pressure light of the Lantern Tamper?", ("p", product), ("f", firmware)
    )
    assert "3.0" in reply and "5.0" not in reply  # a firmware version, not the app's


def test_decimal_measures_are_not_versions():
    boilers = "# Quay Duo\n\n- Boilers: a 0.5-liter brew boiler and a 1.2 liter steam boiler."
    assert declines(grounded("Which firmware version does the Quay Duo need?", ("q", boilers)))


def test_a_difference_of_counts_takes_the_numbers_that_count_what_is_asked():
    spring = "# Spring report\n\nBy March 2025 we had 12 support agents."
    autumn = "# Autumn report\n\nThe autumn team has 20 support agents."
    reply = grounded(
        "How many more support agents does the autumn team have than the spring team?", ("s", spring), ("a", autumn)
    )
    assert reply.endswith("The difference: 8.")  # 20 - 12, not 2025 - 20
    assert analyse("How many more hours is the shop open on Fridays?").kind == "duration"


def test_opening_hours_asked_as_a_number_of_hours_are_worked_out():
    hours = (
        "# Harbour help desk\n\nThe phone line is open Monday to Friday, 8 a.m. to 6 p.m. On Saturdays the phone line "
        "is open 9:30 a.m. to 1 p.m., and we answer email within 24 hours."
    )
    reply = grounded("How many hours is the phone line open on Saturdays?", ("h", hours))
    assert "3.5 hours" in reply and "9:30 a.m. to 1 p.m." in reply  # the Saturday span, not the email's 24 hours
    reply = grounded("How long do you take to answer an email?", ("h", hours))
    assert "24 hours" in reply and "hours is" not in reply  # read as before: no span worked out
    assert [v.text for v in values.clock_spans("10 p.m. to 2 a.m., noon to 6 p.m.")] == ["4 hours", "6 hours"]


def test_a_difference_asked_with_a_unit_before_more_is_worked_out():
    recipe = "# Tidewater Cold Brew Jar\n\nFill the filter with 120 grams of coarsely ground coffee."
    grinder = "# Anvil Grinder\n\n- Grounds cup: 80 grams, with a silicone lid."
    question = (
        "How many grams more does the Tidewater Cold Brew Jar recipe use than the Anvil Grinder's grounds cup holds?"
    )
    assert analyse(question).operation == "difference"
    assert "40 grams" in grounded(question, ("r", recipe), ("g", grinder))


def test_a_change_from_one_value_to_another_is_read_as_its_new_value():
    returns = "# Returns policy\n\nThe return window grew from 30 to 45 days, and labels are now free."
    refunds = "# Price promise\n\nIf the price drops within 14 days of your order, we refund the difference."
    reply = grounded(
        "How many days longer is the return window than the price promise period?", ("r", returns), ("p", refunds)
    )
    assert reply.endswith("The difference: 31 days.")  # 45 - 14: the window now, not the 30 it grew from


def test_values_of_a_difference_are_in_the_unit_asked_and_units_that_convert():
    returns = "# Returns window\n\nThe returns window: refunds reach you within 5 business days of a return."
    returns += " You have 45 days to return an item."
    matching = "# Price matching\n\nPrice matching does not cover flash sales that last less than 24 hours."
    matching += " We match a lower price for 14 days after your order."
    reply = grounded(
        "How many days longer is the returns window than the price matching period?", ("r", returns), ("m", matching)
    )
    assert reply.endswith("The difference: 31 days.")  # 45 - 14; not 5 business days, nor 24 hours
    refunds = "# Refunds\n\nRefunds reach you within 5 business days."
    repairs = "# Repairs\n\nRefunds for a repair we cannot make take 10 days."
    reply = grounded(
        "How much longer do refunds for a repair take than ordinary refunds?", ("r", refunds), ("p", repairs)
    )
    assert "The difference" not in reply  # 10 days less 5 business days is no number of days


def test_when_something_came_is_the_date_of_the_earliest_dated_document_that_has_it():
    catalogue = (
        "# Lantern Tamper (LT-5)\n\n**Catalogue entry, published June 2, 2026.**\n\n"
        "- Pressure light: turns on at 15 kilograms since firmware 3.0."
    )
    notes = (
        "# Lantern firmware 3.0 release notes\n\n**Released February 9, 2026 for the Lantern Tamper.**\n\n"
        "## New\n\n- **Pressure light.** The light turns on when you press at 15 kilograms."
    )
    reply = grounded("When did the Lantern Tamper get its pressure light?", ("c", catalogue), ("n", notes))
    assert "February 9, 2026" in reply and "June 2, 2026" not in reply
    # a date the passages give outright is read as before
    reply = grounded("When was the catalogue entry for the Lantern Tamper published?", ("c", catalogue))
    assert "June 2, 2026" in reply and "release notes" not in reply


def test_opening_hours_of_two_days_are_compared():
    hours = (
        "# Harbour help desk\n\n## Phone\n\n- Monday to Friday, 9 a.m. to 7 p.m.\n- Saturday, 10 a.m. to 2 p.m.\n\n"
        "## Chat\n\nChat has people 8 a.m. to 10 p.m., every day."
    )
    holiday = "# Holiday memo\n\nOn December 31, the phone line closes at 3 p.m. Chat hours do not change."
    assert grounded("How many more hours is the phone line open on weekdays than on Saturdays?", ("h", hours)).endswith(
        "The difference: 6 hours."
    )  # 10 hours against 4, the phone's, not the chat's
    reply = grounded("How much later does the phone line open on Saturdays than on weekdays?", ("h", hours))
    assert reply.endswith("The difference: 1 hour.")
    reply = grounded(
        "How many hours earlier than usual does the phone line close on December 31?", ("h", hours), ("m", holiday)
    )
    assert reply.endswith("The difference: 4 hours.") and "December 31" in reply  # 7 p.m. against 3 p.m.
    # one day's hours are read as before
    assert "4 hours" in grounded("How many hours is the phone line open on Saturdays?", ("h", hours))


def test_two_questions_asked_in_one_are_each_answered():
    returns = (
        "# Returns policy\n\nYou can return any item within 45 days of delivery. Return labels are free for every "
        "return. Refunds reach your card within 5 business days."
    )
    reply = grounded("How many days do I have to return a toaster, and how long does the refund take?", ("r", returns))
    assert "45 days" in reply and "5 business days" in reply
    # the second part is read after the first: "it" is the shipping asked about
    shipping = "# Shipping\n\nWe ship to Hawaii at a flat rate of $24 per order. Standard shipping costs $5.95."
    assert "$24" in grounded("Do you ship to Hawaii, and what does it cost?", ("s", shipping))
    # half an answer is no answer
    assert declines(
        grounded("How many days do I have to return it, and who pays for the courier pickup?", ("r", returns))
    )
    assert parts("Which kettle holds more water, and by how much?") == (
        "Which kettle holds more water, and by how much?",
    )
    assert parts("Can I return it and get a refund?") == ("Can I return it and get a refund?",)
    assert parts("I moved. Is it covered, and if not, what does it cost?") == (
        "I moved. Is it covered?",
        "I moved. Is it covered? What does it cost?",
    )


def test_a_difference_counted_in_a_unit_says_the_unit():
    duo = "# Quay Duo\n\n- Power: 1,800 watts, 120 volts."
    single = "# Quay Single\n\n- Power: 1,400 watts, 120 volts."
    reply = grounded("How many more watts does the Quay Duo draw than the Quay Single?", ("d", duo), ("s", single))
    assert reply.endswith("a difference of 400 watts.") and "1,800 watts" in reply


def test_a_date_names_the_day_of_its_hours_whatever_weekday_it_falls_on():
    hours = "# Help desk\n\n## Phone\n\n- Monday to Friday, 9 a.m. to 7 p.m.\n- Saturday, 10 a.m. to 2 p.m."
    holiday = "# Holiday memo\n\nOn December 31, the phone line closes at 3 p.m."
    reply = grounded(
        "On December 31 (a Thursday), how many hours earlier than on a normal weekday does the phone line close?",
        ("h", hours),
        ("m", holiday),
    )
    assert reply.endswith("The difference: 4 hours.")


def test_the_role_of_a_person_the_question_describes_is_looked_up_by_their_name():
    guide = (
        "# Escalation guide\n\n| Situation | Escalate to | Within |\n|---|---|---|\n"
        "| Chargeback | Ines Varga, Finance | 1 business day |\n| Burn or injury | Tom Okafor, Safety | 1 hour |"
    )
    about = "# About us\n\nMaya Lind is Chief Executive Officer, and Ines Varga is Finance Director."
    memo = "# Pilot memo\n\n**From:** Tom Okafor, Safety Lead\n\nThe pilot starts in May."
    reply = grounded(
        "A customer filed a chargeback. What is the job title of the person we escalate it to?",
        ("g", guide),
        ("a", about),
    )
    assert reply.endswith("Ines Varga is Finance Director.")
    reply = grounded(
        "A customer got burned. What's the role of the person we escalate it to?", ("g", guide), ("m", memo)
    )
    assert reply.endswith("Tom Okafor is Safety Lead.")  # from a memo's From line
    # no role given anywhere: read as an ordinary question
    assert "is Finance Director" not in grounded(
        "A customer filed a chargeback. What is the job title of the person we escalate it to?", ("g", guide)
    )


def test_a_comparison_names_each_thing_by_its_own_title_and_says_by_how_much():
    duo = "# Quay Duo Espresso Machine\n\n- Water tank: 2.5 liters."
    single = "# Quay Espresso Machine\n\n- Water tank: 1.8 liters."
    reply = grounded("Which Quay machine has the bigger water tank, and by how much?", ("d", duo), ("s", single))
    assert reply.startswith("The Quay Duo Espresso Machine: 2.5 liters, against 1.8 liters for the Quay Espresso")
    assert reply.endswith("Machine: 0.7 liters more.")


def test_a_count_is_a_number_of_things_not_a_measure():
    pro = "# Anvil Pro Grinder\n\n- Grind settings: 80 steps.\n- Timer: dose in 0.2-second steps."
    plain = "# Anvil Grinder\n\n- Timer: dose in 0.5-second steps.\n- Grind settings: 40 numbered steps."
    reply = grounded("Which of the two Anvil grinders offers more grind settings?", ("p", pro), ("g", plain))
    assert "80" in reply and "40" in reply and "0.5" not in reply
    reply = grounded(
        "Which of the two Anvil grinders offers more grind settings, and how many does it have?",
        ("p", pro),
        ("g", plain),
    )
    assert "80" in reply and "40" in reply and "0.5" not in reply  # each grinder's count, not its timer's step
    from localbedrock.reading import reader

    asked = analyse("Which of the two Anvil grinders offers more grind settings, and how many does it have?")
    assert reader._holds(asked, "Timer: dose in 0.2-second steps.") < 0.5  # a measure, not a count
    assert reader._holds(asked, "Grind settings: 40 numbered steps.") == 1.0
    assert reader._holds(analyse("How many cups does the carafe make?"), "The carafe makes 12 cups.") == 1.0


def test_a_count_of_a_thing_is_not_a_share_of_it_nor_a_count_of_something_else():
    from localbedrock.reading import reader

    asked = analyse("How many members does the Bean Circle have?")
    assert reader._holds(asked, "We expect up to 3% of members to cancel in January.") < 1.0  # a share of them
    assert reader._holds(asked, "About 40 percent of members renew.") < 1.0
    assert reader._holds(asked, "Members now get unlimited skips and 2 free bags.") < 1.0  # skips and bags
    assert reader._holds(asked, "The Bean Circle has 12,000 members.") == 1.0
    assert reader._holds(asked, "Members: 12,000 in 40 countries.") == 1.0
    settings = analyse("How many grind settings does the Anvil Grinder have?")
    assert reader._holds(settings, "Grind settings: 40 numbered steps.") == 1.0  # named last before the number
    memo = (
        "# Bean Circle price change\n\nWe expect up to 3% of members to cancel in January. Members now get "
        "unlimited skips."
    )
    assert declines(grounded("How many members does the Bean Circle have?", ("m", memo)))
    assert "12,000" in grounded("How many members does the Bean Circle have?", ("m", memo + " We have 12,000 members."))


def test_a_time_of_day_is_not_answered_by_a_date():
    memo = "# Holiday memo\n\nThe warehouse runs two shifts from November 23 to December 22."
    assert declines(grounded("What time does the second warehouse shift start?", ("m", memo)))
    shifts = memo + " The second shift starts at 2 p.m."
    assert "2 p.m." in grounded("What time does the second warehouse shift start?", ("m", shifts))


def test_what_is_asked_without_something_is_not_answered_by_it_with_that_thing():
    points = "# Loyalty\n\n- 100 points when you write a product review with a photo.\n- 50 points on your birthday."
    assert declines(grounded("How many points do I get for a product review without a photo?", ("p", points)))
    assert "100 points" in grounded("How many points do I get for a product review with a photo?", ("p", points))


def test_how_long_something_takes_is_not_how_often_it_is_done_nor_a_time_of_something_else():
    care = "# Care\n\nDescale the Quay every 3 months. Backflush it once a week."
    assert declines(grounded("Roughly how long does descaling the Quay take?", ("c", care)))
    assert "3 months" in grounded("How often should I descale the Quay?", ("c", care))
    scale = "# Tally Scale\n\n- Battery: charged over USB-C; about 30 hours of use per charge."
    assert declines(grounded("How long does the Tally Scale take to charge fully?", ("s", scale)))
    assert "30 hours" in grounded("How long does the Tally Scale battery last?", ("s", scale))
    refunds = "# Refunds\n\nRefunds are issued within 10 business days of receiving the item."
    assert "10 business days" in grounded("How long do refunds take?", ("r", refunds))  # counted from an event
    repairs = "# Repairs\n\nMost repairs are completed within 10 business days of the appliance reaching us."
    assert "10 business days" in grounded("How long does a repair take once my machine reaches you?", ("r", repairs))


def test_a_value_in_a_siblings_own_document_does_not_answer_for_the_entity():
    kettle_2 = "# Tern Kettle 2\n\nThe Tern Kettle 2 heats water in 3 minutes.\n\n- Capacity: 0.9 liter."
    original = "# Tern Pour-Over Kettle\n\n- Body: steel; the base has a 75 cm cord."
    assert declines(
        grounded("How long is the power cord on the Tern Kettle 2 base?", ("k2", kettle_2), ("k1", original))
    )
    assert "75 cm" in grounded(
        "How long is the power cord on the Tern Pour-Over Kettle base?", ("k2", kettle_2), ("k1", original)
    )


def test_the_steps_of_a_question_have_no_chance_lapses_of_their_own(monkeypatch):
    from localbedrock.reading import reader

    monkeypatch.setattr(reader.chance, "happens", lambda rate, label, seed: True)  # every lapse that can happen does
    returns = "# Returns\n\nYou can return any item within 45 days. Refunds take 5 business days."
    passages = [Passage("r", returns)]
    model = CATALOG[NOVA_LITE]
    step = reader.read(passages, "How many days do I have to return an item?", ONLY_CONTEXT, model, whole=False)
    assert not step.abstained  # no declining what it could answer (a step still slips as any answer may)
    # nor guessing what it cannot: the related sentence is not given as if it answered
    unanswered = reader.read(
        passages, "How long do refunds for the Zephyr Toaster take?", ONLY_CONTEXT, model, whole=False
    )
    assert unanswered.abstained
    assert not reader.read(passages, "How long do refunds for the Zephyr Toaster take?", ONLY_CONTEXT, model).abstained
    # the question as asked lapses once: here, as every draw comes true, it declines
    whole = reader.read(
        passages, "How many days do I have to return it, and how long do refunds take?", ONLY_CONTEXT, model
    )
    assert whole.abstained


def test_the_story_before_a_question_weighs_less_than_the_question():
    grinder = (
        "# Tern Grinder\n\nThe Tern Grinder is a compact grinder that fits any kitchen counter.\n\n## Specifications"
        "\n\n- Burrs: 40 mm conical burrs.\n- Motor: 150 watts, low speed to keep the burrs cool.\n"
        "- Size: 14 cm wide, 35 cm tall."
    )
    # the story's words are the passage's words too ("kitchen", "counter", "low"), but they are not what is asked
    reply = grounded("My kitchen cabinets hang low over the counter. How tall is the Tern Grinder?", ("g", grinder))
    assert "35 cm" in reply
    assert analyse("My cabinets hang low. How tall is it?").scene == frozenset({"cabinet", "hang", "low"})


def test_where_is_answered_by_a_country_or_by_where_a_thing_sits():
    privacy = "# Privacy\n\nChat transcripts are processed and stored only in data centers in the United States."
    assert "United States" in grounded("Where are my chat transcripts kept?", ("p", privacy))
    manual = "# Warranty\n\nRegister with the serial number printed under the drip tray."
    assert "drip tray" in grounded("Where is the serial number printed?", ("m", manual))


def test_a_distance_from_something_is_a_distance_not_a_measure_of_it():
    from localbedrock.reading import reader

    asked = analyse("How close do I need to hold my phone?")
    assert reader._holds(asked, "Keep the phone within 2 meters of the base.") == 1.0
    assert reader._holds(analyse("How big is the pitcher?"), "It comes with a 58 mm tamper.") < 0.5  # still


def test_a_question_asking_no_kind_of_value_is_answered_by_a_sentence_covering_a_quarter_of_it():
    from localbedrock.reading import reader
    from localbedrock.reading.documents import Sentence, read_passage

    question = analyse("Can I use a cheap travel plug converter for my espresso machine in Spain?")
    sentence = Sentence("Do not use a plug adapter on a 230-volt supply.", 0, 0, "Voltage", "v")
    passages = [read_passage(0, Passage("v", "# Voltage\n\nDo not use a plug adapter on a 230-volt supply."))]

    def answers(support: float) -> bool:
        return reader._answers(question, reader._Candidate(sentence, 1.0, support, 0.0, False), passages, False)

    assert answers(0.27) and not answers(0.2)


def test_the_row_of_a_table_of_ranges_that_holds_a_number_is_looked_up():
    chart = (
        "# Anvil Grinder\n\n| Brew method | Setting |\n|---|---|\n| Espresso | 1 to 8 |\n| Pour-over | 12 to 20 |\n"
        "| French press | 24 to 32 |"
    )
    jar = "# Tidewater Jar\n\nFill the filter with coarse coffee (setting 26 on the Anvil Grinder)."
    reply = grounded(
        "The Tidewater Jar tells you which Anvil setting to use. Which brew method's range does that setting fall in?",
        ("c", chart),
        ("j", jar),
    )
    assert reply.endswith("Setting 26 is in the French press range (24 to 32).") and "setting 26" in reply
    reply = grounded(
        "Which Anvil setting does the Tidewater Jar use, and which brew method's range does that setting fall in?",
        ("c", chart),
        ("j", jar),
    )
    assert reply.count("setting 26 on the Anvil Grinder") == 1  # the first part's sentence, quoted by the second
    reply = grounded("Which brew method does setting 15 on the Anvil belong to?", ("c", chart))
    assert reply.endswith("Setting 15 is in the Pour-over range (12 to 20).")
    assert "range (" not in grounded("Which brew method does setting 22 on the Anvil belong to?", ("c", chart))


def test_a_price_paid_partly_with_the_largest_of_a_range_leaves_the_rest():
    cards = "# Tern gift cards\n\nTern gift cards come by email in any amount from $20 to $300."
    kettle = "# Tern Kettle\n\n**Catalogue entry. Price: $449.**\n\nThe Tern Kettle boils a liter in 3 minutes."
    reply = grounded(
        "If I pay for the Tern Kettle with the largest gift card you sell, how much is left to pay?",
        ("k", kettle),
        ("c", cards),
    )
    assert reply.endswith("the largest gift card is $300, so $149 is left to pay.")
    reply = grounded(
        "If I pay for the Tern Kettle with the smallest gift card you sell, how much is left to pay?",
        ("k", kettle),
        ("c", cards),
    )
    assert reply.endswith("so $429 is left to pay.")


def test_a_kind_of_place_asked_is_the_value_not_a_word_the_sentence_must_use():
    about = (
        "# About Tern\n\nTern makes grinders and kettles, and is a good place to work. Our head office and design "
        "studio are at 12 Quay Street, Port Ellis, Maine. Ivo Brandt leads product design."
    )
    reply = grounded(
        "I'd like to visit the place where your products are designed. Which town should I travel to?", ("a", about)
    )
    assert "Port Ellis" in reply
    # "town" and "place" say the kind of value, as "cost" does for a price
    assert analyse("Which town should I travel to see the place?").attribute_terms == frozenset({"travel", "see"})
    # a list of people is no place: "Tern Support, Ivo Brandt" is not a town and its state
    assert not values.find("place", "Mara Quint leads Tern Support, Ivo Brandt leads logistics.")
    assert values.find("place", "The studio is in Port Ellis, Maine.")


def test_which_update_asks_for_a_version():
    notes = (
        "# Tern app 2.3 release notes\n\n**Released May 4, 2026.**\n\n## Fixes\n\n"
        "- Brew timers on older phones no longer stop when the screen locks."
    )
    assert analyse("Which app update fixed that?").kind == "version"
    asked = "My brew timer kept stopping when the screen locked. Which app update fixed that?"
    assert "2.3" in grounded(asked, ("n", notes))


def test_a_code_in_the_question_weighs_as_a_full_name():
    faq = (
        "# Tern espresso troubleshooting\n\n### No water comes out of the spout.\n\nIf the display shows E05, the "
        "drip tray is missing or not pushed fully into place. If there is no error, the pump may need priming: run "
        "the steam wand for 10 seconds, then try again.\n\n### The display shows E09.\n\nE09 means the boiler "
        "overheated. Switch the machine off and let it cool."
    )
    reply = grounded("I pressed brew and not a drop came out; the little screen says E05. What's wrong?", ("f", faq))
    assert reply.startswith("If the display shows E05")


TERN_KETTLE = (
    "# Tern Kettle\n\n**Catalogue entry. Price: $200.**\n\nTrade in any working kettle for $50 off this kettle."
)


def test_a_discount_is_applied_only_for_whom_it_is_granted():
    club = "# Tern Club\n\nTern Club members get 10% off any Tern appliance while their subscription is active."
    reply = grounded(
        "I'm a Tern Club subscriber. What would I pay for the Tern Kettle with my member discount?",
        ("k", TERN_KETTLE),
        ("c", club),
    )
    assert reply.endswith("with 10% off, you pay $180.")  # not the trade-in's $50 off in the kettle's own page


def test_one_product_named_in_full_and_then_short_is_one_product():
    duo = "# Tern Duo Brewer\n\n**Catalogue entry. Price: $600.**\n\nThe Tern Duo Brewer brews two cups at once."
    trade = (
        "# Trade-in\n\n| You trade in | Credit | Toward |\n|---|---|---|\n| Any working brewer | $100 | a Tern Duo "
        "Brewer |"
    )
    reply = grounded(
        "If I trade in my old brewer toward a Tern Duo Brewer, what does the Duo cost after the credit?",
        ("d", duo),
        ("t", trade),
    )
    assert reply.endswith("less $100, you pay $500.")


def test_a_flat_rate_for_the_place_named_comes_before_free_shipping_elsewhere():
    shipping = (
        "# Shipping\n\nStandard shipping is free on orders of $60 or more.\n\n## Alaska and Hawaii\n\nWe ship to "
        "Alaska and Hawaii at a flat rate of $24.00 per order."
    )
    reply = grounded("What would a Tern Kettle cost me shipped to Alaska?", ("k", TERN_KETTLE), ("s", shipping))
    assert reply.endswith("plus $24 shipping: $224 in all.")
    reply = grounded("What would a Tern Kettle cost me with standard shipping?", ("k", TERN_KETTLE), ("s", shipping))
    assert reply.endswith("shipping is free on orders of $60 or more: $200.")


def test_how_much_comes_back_is_the_amount_off_not_the_price_left():
    sale = "# Holiday sale\n\nThe winter sale brings 15% off kettles; earlier buyers get the difference refunded."
    kettle = "# Tern Kettle\n\n**Catalogue entry. Price: $129.**"
    reply = grounded(
        "I bought a Tern Kettle last week. How much will I get back when the sale starts?", ("k", kettle), ("s", sale)
    )
    assert reply.endswith("15% of it is $19.35.")
    assert grounded("With the sale, what will the Tern Kettle cost?", ("k", kettle), ("s", sale)).endswith("$109.65.")


def test_points_cashed_in_leave_the_rest_of_a_price_to_pay():
    points = "# Tern Points\n\nEvery 400 points can be redeemed for a $10 reward at checkout."
    frother = "# Tern Frother\n\n**Catalogue entry. Price: $69.**"
    reply = grounded(
        "I have 1,200 Tern Points. If I cash them all in on a Tern Frother, how much is left to pay?",
        ("p", points),
        ("f", frother),
    )
    assert reply.endswith("at $10 each: $30. The price is $69, so $39 is left to pay.")


def test_how_many_of_something_sold_in_a_range_cover_a_price():
    cards = "# Gift cards\n\nTern gift cards come by email in any whole-dollar amount from $5 to $250."
    brewer = "# Tern Brewer\n\n**Catalogue entry. Price: $640.**"
    reply = grounded(
        "I want to pay for a Tern Brewer with gift cards only. What's the smallest number of gift cards "
        "that could cover it?",
        ("b", brewer),
        ("c", cards),
    )
    assert reply.endswith("the largest gift card is $250, so 3 gift cards cover it.")


def test_general_terms_that_name_the_kind_of_thing_cover_a_product_they_do_not_name():
    warranty = (
        "# Tern Warranty\n\n| Product | Warranty period |\n|---|---|\n| Espresso machines | three years |\n"
        "| Grinders and kettles | two years |"
    )
    assert "two years" in grounded("I'm getting an Orla Kettle 2 next week. How long is its warranty?", ("w", warranty))
    # a kind named only inside another name is not that kind ("Platinum Club" where the passage has "Roast Club")
    points = (
        "# Wick Points Loyalty Program\n\n## Earning points\n\nEvery customer earns 1 Wick Point for every dollar "
        "spent. Roast Club members earn 2 points per dollar on every purchase, including their coffee shipments."
    )
    assert declines(grounded("How many Wick Points does the Platinum Club tier earn per dollar?", ("p", points)))
    metrics = (
        "# Memo: Customer Care metrics for Q3\n\n| Measure | Q3 2026 | Q2 2026 |\n|---|---|---|\n"
        "| Customer satisfaction | 4.6 out of 5 | 4.4 out of 5 |"
    )
    # a document about Customer Care is about the company's care team by any brand name
    assert "4.6" in grounded("What was Tern Care's customer satisfaction score in Q3 2026?", ("m", metrics))
    # a quarter the passages do not give is not answered by another one
    assert declines(grounded("What was Tern Care's customer satisfaction score in Q1 2026?", ("m", metrics)))


def test_a_row_about_the_kind_of_thing_asked_about_ranks_first():
    frother = "# Tern Milk Frother\n\n**Catalogue entry. Price: $69.**\n\nThe Tern Milk Frother heats and froths milk."
    warranty = (
        "# Limited Warranty\n\n| Product | Warranty period |\n|---|---|\n"
        "| Espresso machines, registered within 30 days of delivery | three years |\n"
        "| Frothers, scales, cold brew makers and accessories | one year |"
    )
    reply = grounded(
        "My Tern Milk Frother was delivered in October. How long is it under warranty?", ("f", frother), ("w", warranty)
    )
    assert reply.startswith("Product: Frothers, scales, cold brew makers and accessories; Warranty period: one year.")


def test_a_version_in_the_story_is_not_a_version_asked_about():
    faq = "# App FAQ\n\nSince app version 4.0, the Tern app needs Android 12 or later."
    reply = grounded(
        "My old Android phone is stuck on version 11. What's the lowest Android version the Tern app runs on?",
        ("f", faq),
    )
    assert "Android 12" in reply
    assert declines(grounded("What's new in version 5.0 of the Tern app?", ("f", faq)))


def test_the_biggest_amount_asks_for_money():
    assert analyse("What's the biggest amount I can refund without approval?").kind == "price"


def test_thousands_separators_come_in_threes():
    assert [v.text for v in values.find("price", "Each bag costs $18, shipping included; the Duo is $1,149.")] == [
        "$18",
        "$1,149",
    ]


def test_a_row_about_the_plural_of_the_kind_asked_about_ranks_first():
    warranty = (
        "# Limited Warranty\n\n| Product | Warranty period |\n|---|---|\n"
        "| Espresso machines, registered within 30 days of delivery | three years |\n"
        "| Grinders and kettles | two years |"
    )
    reply = grounded(
        "I'm getting an Orla Kettle 2 delivered this week. How long will its warranty last?", ("w", warranty)
    )
    assert reply.startswith("Product: Grinders and kettles; Warranty period: two years.")


POINTS = (
    "# Tern Points\n\nYou earn 1 point for every dollar you spend. Tern Club members earn 2 points per dollar on "
    "every purchase, including their coffee shipments. Every 400 points can be redeemed for a $10 reward."
)


def test_points_earned_on_so_many_things_a_month_at_a_unit_price():
    club = "# Tern Club\n\nEach 12-ounce bag costs $18, shipping included."
    reply = grounded(
        "As a Tern Club member getting three bags a month, how many Tern Points does one month's shipment earn me?",
        ("c", club),
        ("p", POINTS),
    )
    assert reply.endswith("2 points per dollar on $54 (3 bags at $18): 108 points.")


def test_how_many_more_points_a_reward_takes_after_a_purchase():
    kettle = "# Tern Kettle\n\n**Catalogue entry. Price: $129.**"
    reply = grounded(
        "I'm not a Tern Club member and have no points yet. After buying a Tern Kettle at full price, how many more "
        "points do I need for a $10 reward?",
        ("k", kettle),
        ("p", POINTS),
    )
    assert reply.endswith("1 point per dollar on $129: 129 points; a $10 reward takes 400, so 271 more are needed.")


def test_which_is_ready_first_is_the_one_that_takes_less_time():
    frother = (
        "# Tern Frother\n\nPower: 550 watts; hot foam is ready in about 2 minutes. If the light flashes red, let it "
        "cool for 5 minutes before the next batch."
    )
    kettle = "# Tern Kettle 2\n\nPower: 1,500 watts, so a full kettle reaches a boil in about 3 minutes."
    assert analyse("Which is ready first: the Tern Frother or the Tern Kettle 2?").kind == "duration"
    reply = grounded(
        "If I start both at the same time, which is ready first: hot foam in the Tern Frother or a full Tern Kettle 2 "
        "coming to a boil?",
        ("f", frother),
        ("k", kettle),
    )
    # "2 minutes" is a time, though the question names the Kettle 2
    assert reply == "The Tern Frother: 2 minutes, against 3 minutes for the Tern Kettle 2."


def test_a_sentence_naming_the_kind_in_passing_is_no_row_about_it():
    memo = (
        "# Internal memo: holiday shipping cutoffs and extended returns\n\n**Date:** October 28, 2026\n\n"
        "## Order-by dates\n\n| Service | Order by |\n|---|---|\n| Standard | December 16 |\n| Express | December 19 |"
        "\n\n## Extended holiday returns\n\nItems delivered between November 1 and December 31, 2026 can be returned "
        "until February 15, 2027, or 60 days after delivery, whichever is later. Gift receipts are available at "
        "checkout.\n\n## Staffing\n\nPhone lines close at 2 p.m. on December 24.\n\n## Promotions\n\nThe Black "
        "Friday promotion runs from November 27 to November 30, 2026, with 15% off grinders and kettles. Price "
        "protection applies as usual."
    )
    reply = grounded(
        "A Tern Burr Grinder bought on Black Friday 2026 was delivered on December 2, 2026. Until when can it be "
        "returned?",
        ("m", memo),
    )
    assert reply.startswith("Items delivered between November 1")  # not the promotion's dates, for naming grinders
