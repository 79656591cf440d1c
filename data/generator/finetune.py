"""Fine-tuning examples: customer messages and replies in the Kettlewick Care house style.

Each intent has several ways a customer might ask and one reply, written in the house style (see data/README.md).
Replies state the facts in force on ``FT_SNAPSHOT``: a model trained on them is frozen at that date, which is
what lesson 5 measures. Messages vary by wording, the customer's name, greeting and sign-off, order numbers and
products, all drawn from a seeded random generator so the output is reproducible.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from corpus import Document, in_force, render
from facts import FT_SNAPSHOT

SEED = 20261115
N_EXAMPLES = 380
N_VALIDATION = 40
SCHEMA_VERSION = "bedrock-conversation-2024"
SYSTEM = "You are a customer support agent for Kettlewick, a maker of home coffee equipment."
PROMPT_TEMPLATE = "Customer message:\n{message}\n\nReply as Kettlewick Care:"
SIGN_OFF = "Brew well,\nThe Kettlewick Care team"
STEPS_HEADER = "Here is what to do next:"

#: The version of each versioned document whose facts the replies use; the build checks these were in force
#: on FT_SNAPSHOT, so the replies cannot mix in facts from after it.
VERSIONS_AT_SNAPSHOT = {
    "returns": 2,
    "shipping": 2,
    "support-hours": 2,
    "warranty": 3,
    "roast-club": 2,
    "loyalty": 2,
    "price-match": 2,
    "privacy": 2,
    "product-foundry-espresso": 1,
    "product-ember-kettle": 2,
}

NAMES = (  # noqa: SIM905 - a word list reads better as prose
    "Dana Maya Theo Priyanka Luis Hannah Omar Grace Kenji Amara Felix Rosa Jonah Leila Marcus Ingrid "
    "Tomasz Aisha Caleb Noor Henrik Lucia Darnell Mei Elliot Fatima Gabriel Yuki Ruth Sanjay Chloe Mateo "
    "Zara Owen Beatriz Kwame Nadia Sven Imani Carlos Helena Arjun Tessa Joaquin Miriam Rafael Sadie "
    "Nikolai Abigail Ezra Valentina Hugo Keiko Tobias Adaeze Connor Lina Pavel Rhea Samuel"
).split()
OPENERS = ("", "", "Hi,\n\n", "Hello,\n\n", "Hi there,\n\n", "Hello Kettlewick team,\n\n", "Hey,\n\n")
CLOSERS = ("", "\n\nThanks,\n{name}", "\n\nThank you!\n{name}", "\n\n{name}", "\n\nCheers, {name}", "\n\nBest,\n{name}")
APPLIANCES = (
    "{{ek2_name}}",
    "{{ek1_name}}",
    "{{mg1_name}}",
    "{{mg2_name}}",
    "{{fe2_name}}",
    "{{cb1_name}}",
    "{{mf1_name}}",
    "{{sc1_name}}",
)
COUNTRIES_SUPPORTED = ("Ireland", "Germany", "France", "the Netherlands", "Spain", "the UK", "Italy")
COUNTRIES_UNSUPPORTED = ("Australia", "Japan", "Mexico", "New Zealand", "Brazil", "Singapore")


@dataclass(frozen=True)
class Intent:
    name: str
    messages: tuple[str, ...]
    answer: str
    steps: tuple[str, ...]
    note: str | None = None


INTENTS: tuple[Intent, ...] = (
    Intent(
        "return-window",
        (
            "How long do I have to return something?",
            "I got the [product] last week and I'm not sure I love it. Can I still send it back?",
            "What's your return policy? I bought a [product] a couple of weeks ago (order [order]).",
            "Is there a time limit on returns?",
            "My partner bought me a [product] but we already have one. Can we return it?",
        ),
        "You can return any appliance within {{ret_v2_window}} days of delivery, as long as it is complete and "
        "in its original packaging.",
        (
            'Open the Orders page in your account and choose "Start a return" for the item.',
            "Print the prepaid label we email you within one business day.",
            "Pack the item with all its parts and manuals, and drop it off with the carrier.",
        ),
        "Good to know: the {{ret_v2_label}} label cost is deducted from your refund unless the item is defective.",
    ),
    Intent(
        "return-label-cost",
        (
            "Do I have to pay for return shipping?",
            "Is the return label free or do I pay for it?",
            "Why was money taken off my refund for order [order]? I returned the [product].",
            "If I send back my [product], who pays the postage?",
        ),
        "For an item that is not defective, the {{ret_v2_label}} cost of the prepaid label is deducted from your "
        "refund, and damaged or defective items always come back free.",
        (
            "Start the return from the Orders page in your account.",
            "If the item is damaged or defective, choose that reason and add a photo so the label is free.",
            "Drop the parcel off with the carrier using the label we email you.",
        ),
    ),
    Intent(
        "refund-timing",
        (
            "I sent my return back last week. When do I get my money?",
            "How long do refunds take?",
            "Still no refund for order [order]. The tracking says you received it.",
            "When will the refund for my [product] show up on my card?",
        ),
        "Refunds reach your original payment method within {{ret_v2_refund_days}} business days of the return "
        "passing inspection at our warehouse.",
        (
            "Check that your return tracking shows the parcel as delivered to us.",
            "Allow up to {{ret_v2_refund_days}} business days from that date for inspection and the refund.",
            "If that time has passed, reply with your order number and we will chase it the same day.",
        ),
    ),
    Intent(
        "grinder-restocking",
        (
            "Can I return a grinder I've used a few times?",
            "I've used my [grinder] for a week and it's too loud for our flat. Can I send it back?",
            "Is there a fee for returning a used [grinder]?",
        ),
        "Yes, a used grinder can be returned within {{ret_v2_window}} days of delivery, with a {{ret_v2_restock}} "
        "restocking fee that pays for a new burr set.",
        (
            "Empty the hopper and brush out any grounds.",
            "Start the return from the Orders page in your account.",
            "Pack the grinder in its original box with the label we email you.",
        ),
    ),
    Intent(
        "coffee-return",
        (
            "Can I return a bag of Roast Club coffee I don't like?",
            "This month's Roast Club beans taste stale. What can you do?",
            "My Roast Club bag arrived split open. Can I send it back?",
        ),
        "Coffee cannot be returned once it ships, but if a bag arrived damaged or tastes stale we will send a "
        "replacement when you tell us within 14 days.",
        (
            "Reply with a photo of the bag showing the roast date.",
            "Tell us whether you would like the same coffee or a different roast style.",
            "Adjust your roast style on your account page so future bags suit you better.",
        ),
    ),
    Intent(
        "shipping-cost",
        (
            "How much is shipping?",
            "Do you offer free shipping?",
            "What does delivery cost for a [product]?",
            "Is shipping free if I order the [product] and some filters?",
        ),
        "Standard shipping is {{ship_v2_standard}} and takes {{ship_v2_standard_days}}, and it is free on orders "
        "of {{ship_v2_free}} or more.",
        (
            "Add your items to the cart to see the shipping options for your address.",
            "Choose standard or express shipping at checkout.",
        ),
        "Good to know: express shipping costs {{ship_v2_express}} and is never free.",
    ),
    Intent(
        "express-shipping",
        (
            "I need the [product] by Friday. Do you do faster delivery?",
            "How quickly can you get an order to me?",
            "What does express shipping cost?",
        ),
        "Express shipping costs {{ship_v2_express}} and delivers in 2 business days, and orders placed before "
        "noon Pacific on a business day leave the same day.",
        (
            "Choose express shipping at checkout.",
            "Place the order before noon Pacific so it leaves today.",
            "Follow the tracking link we email you once the carrier scans the parcel.",
        ),
    ),
    Intent(
        "alaska-hawaii",
        (
            "Can you ship to Anchorage?",
            "Do you deliver to Hawaii? I'm in Honolulu.",
            "I live in Alaska. Can I order a [product]?",
            "Can you send my order to a P.O. box?",
        ),
        "We do not currently ship to Alaska, Hawaii or P.O. boxes.",
        (
            "Use a street address in the contiguous United States if you have one, such as a friend's or "
            "your workplace.",
            "Reply to this email if you would like us to tell you when that changes.",
        ),
    ),
    Intent(
        "order-tracking",
        (
            "Where is my order [order]?",
            "My tracking hasn't updated in three days. Order [order].",
            "I can't find my tracking number for the [product].",
            "How do I track my order?",
        ),
        "Your tracking link arrives by email as soon as the carrier scans your parcel, and {{carrier_old}} "
        'tracking numbers begin with "PW".',
        (
            "Search your inbox for the shipping email from Kettlewick.",
            "Open the tracking link to see the latest scan.",
            "If the parcel has not moved for 3 business days, reply with your order number and we will open a trace.",
        ),
    ),
    Intent(
        "damaged-delivery",
        (
            "My [product] arrived with a dented box and it rattles.",
            "The [product] I received is cracked. Order [order].",
            "The box was crushed when it arrived and the [product] has a big scratch.",
        ),
        "We replace anything that arrives damaged at no cost, as long as you tell us within 7 days of delivery.",
        (
            "Take photos of the box and the item.",
            "Reply to this email with the photos and your order number.",
            "Keep the item until the free return label for it arrives; we ship the replacement straight away.",
        ),
    ),
    Intent(
        "ship-canada",
        (
            "Do you ship to Canada?",
            "I'm in Vancouver. How much is shipping for a [product]?",
            "Will I pay duties if I order from Canada?",
        ),
        "Yes, we ship to Canada for a flat {{intl_canada}} per order, delivered in {{intl_canada_days}}, and the "
        "carrier collects any duties and sales taxes on delivery.",
        (
            "Enter your Canadian address at checkout to see the total.",
            "Have a payment method ready for the duties the carrier collects on delivery.",
        ),
        "Good to know: appliances sold to Canada are the same 120-volt models we sell in the United States.",
    ),
    Intent(
        "ship-uk-eu",
        (
            "Can I order from [country]?",
            "Do you ship to [country], and will I pay import VAT?",
            "What does delivery to [country] cost?",
        ),
        "Yes, we ship to the United Kingdom and the European Union for a flat {{intl_uk_eu}} per order, and VAT "
        "and duties are already included in the price at checkout.",
        (
            "Choose your country at the top of our website so you see the 230-volt models.",
            "Place your order as usual; delivery takes {{intl_uk_eu_days}}.",
        ),
    ),
    Intent(
        "ship-unsupported",
        (
            "Do you ship to [country]?",
            "Can I get a [product] delivered to [country]?",
            "I'm moving to [country]. Can I still order from you?",
        ),
        "We ship only to the United States, Canada, the United Kingdom and the European Union at the moment, "
        "so we cannot deliver there yet.",
        (
            "Reply to this email if you would like us to tell you when we add new countries.",
            "Do not use a plug adapter with a 120-volt appliance abroad, because it damages the heating element.",
        ),
    ),
    Intent(
        "warranty-espresso",
        (
            "How long is the warranty on the Foundry?",
            "Is my Foundry Duo under warranty?",
            "Do I need to register my espresso machine?",
            "What warranty comes with the {{fe1_name}}?",
        ),
        "A Foundry espresso machine delivered since {{war_v3_date}} is covered for {{war_v3_espresso_registered}} "
        "when you register it within {{war_v3_register_days}} of delivery, and {{war_v3_espresso_unregistered}} "
        "if you do not.",
        (
            "Find the serial number printed under the drip tray.",
            "Register it in the Kettlewick app or at {{website}}/register.",
            "Keep the confirmation email with your order details.",
        ),
    ),
    Intent(
        "warranty-grinder-kettle",
        (
            "My [grinder] stopped working. Is it under warranty?",
            "How long is the warranty on the Ember kettles?",
            "My [kettle] won't heat any more. Am I covered?",
        ),
        "Grinders and kettles delivered since {{war_v3_date}} are covered for {{war_v3_grinder_kettle}}, and "
        "earlier ones for {{war_v2_other}}.",
        (
            "Unplug the appliance and check for anything jammed or loose.",
            "Reply with your order number, the serial number and a short video of the problem.",
            "If troubleshooting does not fix it, we send you a prepaid box for the repair.",
        ),
    ),
    Intent(
        "out-of-warranty-repair",
        (
            "My warranty has run out and my [product] is broken. Can you fix it?",
            "Do you repair old machines?",
            "How much does a repair cost once the warranty is over?",
        ),
        "Our repair center fixes out-of-warranty appliances for a flat {{repair_fee_espresso}} for espresso "
        "machines or {{repair_fee_other}} for other appliances, plus parts at list price.",
        (
            "Reply with your serial number and a short description of the fault.",
            "Pack the appliance with the prepaid label we send, after emptying and drying the water tank.",
            "Approve or decline the parts quote we email before any work starts.",
        ),
        "Good to know: most repairs are done within {{repair_turnaround}}.",
    ),
    Intent(
        "descale-espresso",
        (
            "How do I descale the Foundry?",
            "How often should I descale my espresso machine?",
            "The descale light is on. What do I do?",
        ),
        "Descale your Foundry {{descale_interval}}, or {{descale_interval_hard}} if your water is hard, using the "
        "{{descaler_name}}.",
        (
            "Dissolve one descaler sachet in a full water tank.",
            "Start the descale program from the settings menu and let it run to the end.",
            "Refill the tank with fresh water and run the rinse cycle.",
        ),
    ),
    Intent(
        "sour-espresso",
        (
            "My espresso tastes sour. What am I doing wrong?",
            "Shots from my Foundry taste really sharp and thin.",
            "My coffee is sour no matter what beans I use.",
        ),
        "Sour espresso is usually under-extracted, which means the water is running through the coffee too fast.",
        (
            "Grind one or two steps finer.",
            "Aim for about 36 grams of espresso from 18 grams of coffee in 25 to 30 seconds.",
            "Use beans roasted within the last 6 weeks.",
        ),
    ),
    Intent(
        "bitter-espresso",
        (
            "My espresso is really bitter.",
            "Why do my shots taste burnt and harsh?",
            "The coffee from my Foundry is too bitter to drink.",
        ),
        "Bitter espresso is usually over-extracted, which means the water spends too long in the coffee.",
        (
            "Grind one or two steps coarser.",
            "Lower the brew temperature by 2 degrees Fahrenheit in the settings menu.",
            "Check the shot time again and aim for 25 to 30 seconds.",
        ),
    ),
    Intent(
        "error-e07",
        (
            "My Foundry shows E07.",
            "What does error E07 mean?",
            "E07 keeps coming up on my espresso machine.",
        ),
        "E07 means the boiler overheated, so the machine has switched itself off to protect itself.",
        (
            "Switch the machine off and let it cool for 30 minutes.",
            "Switch it back on and check the water tank is full and seated.",
            "If E07 appears again after it cools, stop using the machine and reply to this email.",
        ),
    ),
    Intent(
        "error-e03",
        (
            "No water comes out of my Foundry.",
            "The display says E03.",
            "My espresso machine won't pump water.",
        ),
        "No water usually means the tank is empty or not fully seated, which the display shows as E03, or an "
        "airlock in the pump when there is no error.",
        (
            "Fill the tank and push it firmly into place.",
            "Run the steam wand for 10 seconds to clear any airlock.",
            "Try a shot again.",
        ),
    ),
    Intent(
        "kettle-e1",
        (
            "My kettle shows E1.",
            "What does E1 mean on the [kettle]?",
            "The Ember kettle just beeps and shows E1.",
        ),
        "E1 means the kettle was switched on with too little water or boiled dry.",
        (
            "Unplug the base and let the kettle cool.",
            "Fill it above the minimum line.",
            "Switch it on again.",
        ),
    ),
    Intent(
        "grinder-static",
        (
            "My grinder makes a mess of static grounds.",
            "Grounds from my [grinder] stick to everything.",
            "How do I stop coffee clumping in my grinder?",
        ),
        "Clinging, clumping grounds are static, which is worst with very dry, light-roast beans.",
        (
            "Add one drop of water to the beans and stir before grinding.",
            "Keep the grounds bin clean so its anti-static lining works.",
        ),
    ),
    Intent(
        "app-pairing",
        (
            "My kettle won't pair with the app.",
            "The app can't find my Ember Kettle 2.",
            "How do I connect my kettle to my phone?",
        ),
        "Pairing usually works once Bluetooth and location permission are on and the phone is close to the base.",
        (
            "Turn on Bluetooth and location permission for the Kettlewick app.",
            "Keep your phone within 2 meters of the base.",
            "Hold the kettle's power button for 5 seconds until the light pulses blue.",
            "If it still fails, remove the kettle from your phone's Bluetooth settings and try again.",
        ),
    ),
    Intent(
        "firmware-update",
        (
            "How do I update my espresso machine's firmware?",
            "Is there an update for the Foundry?",
            "My Foundry says an update is available. How do I install it?",
        ),
        "Firmware updates install from the Kettlewick app and take about 6 minutes.",
        (
            'Open the machine\'s page in the app and tap "Check for updates".',
            "Keep the machine switched on and your phone nearby.",
            'Wait until the display shows "Done" before unplugging anything.',
        ),
    ),
    Intent(
        "roast-club-skip",
        (
            "Can I skip next month's Roast Club?",
            "I'm away for a while. Can I pause my coffee subscription?",
            "How many Roast Club shipments can I skip?",
        ),
        "You can skip as many Roast Club shipments as you like, in a row or not.",
        (
            "Open your account page or the Kettlewick app.",
            "Choose the shipments you want to skip.",
            "Make the change at least {{rc_v2_notice}} before your billing date on the {{rc_v2_billing_day}}.",
        ),
    ),
    Intent(
        "roast-club-cancel",
        (
            "How do I cancel Roast Club?",
            "I want to stop my coffee subscription.",
            "Is there a fee to cancel my subscription?",
        ),
        "You can cancel Roast Club at any time with no fee, as long as you do it at least {{rc_v2_notice}} "
        "before your billing date on the {{rc_v2_billing_day}} of the month.",
        (
            "Open your account page and choose Roast Club.",
            'Select "Cancel subscription" and confirm.',
        ),
        "Good to know: the {{rc_v2_hardware_discount}} member discount ends with the subscription, but your Wick "
        "Points stay.",
    ),
    Intent(
        "roast-club-price",
        (
            "How much is Roast Club?",
            "What does a bag of Roast Club coffee cost?",
            "Why did my Roast Club bill go up?",
        ),
        "Each {{rc_bag}} bag of Roast Club coffee costs {{rc_v2_price}}, shipping included.",
        (
            "Choose one, two or three bags per shipment on your account page.",
            "Pick your roast style and grind.",
        ),
        "Good to know: members get {{rc_v2_hardware_discount}} off appliances and accessories while subscribed.",
    ),
    Intent(
        "wick-points",
        (
            "How do I use my Wick Points?",
            "How many points do I need for a reward?",
            "Do my Wick Points expire?",
        ),
        "Every {{loy_v2_redeem}} Wick Points can be redeemed for a {{loy_reward}} reward, and your balance expires "
        "only after {{loy_v2_expiry}}.",
        (
            "Open the Wick Points wallet in the app or on the website.",
            "Apply a reward at checkout on your next order.",
        ),
    ),
    Intent(
        "price-match",
        (
            "Another shop has the [product] cheaper. Will you match it?",
            "Do you price match?",
            "I saw the [product] on sale elsewhere. Can I get the difference back?",
        ),
        "We stopped matching other retailers' prices on {{pm_v2_date}}, but if we lower our own price within "
        "{{pm_v2_protection_days}} of your order, we refund the difference automatically.",
        (
            "Keep your order confirmation.",
            "Watch for the automatic refund if our price drops within {{pm_v2_protection_days}}.",
        ),
    ),
    Intent(
        "support-hours",
        (
            "What are your opening hours?",
            "When can I call you?",
            "Is there someone I can talk to on the weekend?",
            "Do you have live chat?",
        ),
        "Phone and live chat are open {{sup_v2_hours}}, and we answer emails within {{sup_v2_email_sla}}.",
        (
            "Call {{phone}} or start a chat on {{website}} during those hours.",
            "Have your order number and serial number ready.",
        ),
    ),
    Intent(
        "gift-card",
        (
            "Does my Kettlewick gift card expire?",
            "How do I use a gift card?",
            "Can I use two gift cards on one order?",
        ),
        "Kettlewick gift cards never expire, and you can use several on one order.",
        (
            "Enter each 16-character code at checkout.",
            "Pay any remaining balance with a card or PayPal.",
        ),
    ),
    Intent(
        "trade-in",
        (
            "Can I trade in my old espresso machine?",
            "Do you take old grinders as a trade-in?",
            "What do I get for trading in my machine?",
        ),
        "Trade in any working espresso machine for {{trade_espresso_credit}} toward a Foundry, or any working "
        "burr grinder for {{trade_grinder_credit}} toward a Millstone.",
        (
            'Choose "Add a trade-in" on the product page before checkout.',
            "Send the old machine with our prepaid label within 30 days of receiving the new one.",
        ),
    ),
    Intent(
        "lid-program",
        (
            "The lid on my Ember Pour-Over Kettle cracked near the hinge.",
            "Is my Ember kettle part of the lid replacement?",
            "My kettle lid hinge is broken. Serial starts EK1-2410.",
        ),
        "Ember Pour-Over Kettles with serial numbers {{recall_serials}} get a free replacement lid until "
        "{{recall_deadline}}.",
        (
            "Check the serial number under the kettle base.",
            "Reply with the serial number and your shipping address.",
            "Avoid lifting the kettle by the lid until the new one arrives.",
        ),
    ),
    Intent(
        "order-change",
        (
            "Can I change my order? I picked the wrong color.",
            "I need to cancel order [order].",
            "Can I change the shipping address on order [order]?",
        ),
        "You can change or cancel an order within {{order_change_window}} of placing it.",
        (
            "Open the confirmation email or your account's Orders page.",
            'Choose "Change order" or "Cancel order".',
            "If the option has gone, the order is being packed, so refuse delivery or return it instead.",
        ),
    ),
    Intent(
        "klarna",
        (
            "Can I pay in instalments?",
            "Do you take Klarna?",
            "Can I split the cost of the [product]?",
        ),
        "Orders of {{klarna_min}} or more can be split into four interest-free payments with Klarna.",
        (
            "Add your items to the cart.",
            "Choose Klarna as the payment method at checkout.",
        ),
    ),
    Intent(
        "espresso-choice",
        (
            "Which espresso machine should I buy?",
            "What's the difference between the Foundry and the Foundry Duo?",
            "How much are your espresso machines?",
        ),
        "The single-boiler {{fe1_name}} costs {{fe1_price_v1}}, and the dual-boiler {{fe2_name}} costs "
        "{{fe2_price}} and can brew and steam at the same time.",
        (
            "Choose the Foundry if you make one to four milk drinks a day.",
            "Choose the Foundry Duo if you make several milk drinks in a row.",
        ),
    ),
    Intent(
        "kettle-choice",
        (
            "Which Ember kettle should I get?",
            "What's new in the Ember Kettle 2?",
            "Is the Ember Kettle 2 worth the extra money?",
        ),
        "The {{ek1_name}} costs {{ek1_price_v2}}, and the {{ek2_name}} costs {{ek2_price}} and adds faster "
        "heating, a {{ek2_hold}} hold and app control.",
        (
            "Choose the {{ek1_name}} for a simple, dependable gooseneck kettle.",
            "Choose the {{ek2_name}} if you want app recipes and presets.",
        ),
    ),
)

_FACT = re.compile(r"\{\{(\w+)\}\}")


def reply(intent: Intent, name: str | None) -> str:
    steps = "\n".join(f"{i}. {step}" for i, step in enumerate(intent.steps, 1))
    parts = [f"Hi {name or 'there'},", intent.answer, f"{STEPS_HEADER}\n{steps}"]
    if intent.note:
        parts.append(intent.note)
    parts.append(SIGN_OFF)
    return render("\n\n".join(parts))


def _message(intent: Intent, variant: str, rng: random.Random) -> tuple[str, str | None]:
    text = variant
    text = text.replace("[product]", rng.choice(APPLIANCES))
    text = text.replace("[grinder]", rng.choice(("{{mg1_name}}", "{{mg2_name}}", "Millstone")))
    text = text.replace("[kettle]", rng.choice(("{{ek1_name}}", "{{ek2_name}}", "Ember kettle")))
    text = text.replace("[order]", f"KW-{rng.randrange(100000, 999999)}")
    countries = COUNTRIES_UNSUPPORTED if intent.name == "ship-unsupported" else COUNTRIES_SUPPORTED
    text = text.replace("[country]", rng.choice(countries))
    name = rng.choice(NAMES)
    closer = rng.choice(CLOSERS)
    signed = bool(closer)
    return render(rng.choice(OPENERS) + text + closer.format(name=name)), (name if signed else None)


def facts_used(intent: Intent) -> list[str]:
    text = " ".join((intent.answer, *intent.steps, intent.note or ""))
    return sorted(set(_FACT.findall(text)))


def examples() -> list[dict]:
    """The examples in a fixed order, each with its split; unique customer messages."""
    rng = random.Random(SEED)
    seen: set[str] = set()
    rows = []
    while len(rows) < N_EXAMPLES:
        intent = INTENTS[len(rows) % len(INTENTS)]
        variant = intent.messages[(len(rows) // len(INTENTS)) % len(intent.messages)]
        message, name = _message(intent, variant, rng)
        if message in seen:
            continue
        seen.add(message)
        rows.append(
            {"intent": intent.name, "message": message, "reply": reply(intent, name), "facts": facts_used(intent)}
        )
    rng.shuffle(rows)
    for i, row in enumerate(rows):
        row["split"] = "validation" if i < N_VALIDATION else "train"
    return rows


def conversation(row: dict) -> dict:
    return {
        "schemaVersion": SCHEMA_VERSION,
        "system": [{"text": SYSTEM}],
        "messages": [
            {"role": "user", "content": [{"text": row["message"]}]},
            {"role": "assistant", "content": [{"text": row["reply"]}]},
        ],
    }


def prompt_completion(row: dict) -> dict:
    return {"prompt": PROMPT_TEMPLATE.format(message=row["message"]), "completion": row["reply"]}


def check_snapshot(docs: list[Document]) -> None:
    for series, version in VERSIONS_AT_SNAPSHOT.items():
        current = in_force(docs, series, FT_SNAPSHOT)
        if current.version != version:
            raise ValueError(f"{series}: replies use v{version} but v{current.version} was in force on {FT_SNAPSHOT}")


def write(out: Path, docs: list[Document], write_jsonl) -> list[dict]:
    """Write both formats, split into train and validation, plus an index of what each line teaches."""
    check_snapshot(docs)
    rows = examples()
    folder = out / "finetune"
    index = []
    for split in ("train", "validation"):
        chosen = [r for r in rows if r["split"] == split]
        write_jsonl(folder / "conversation" / f"{split}.jsonl", [conversation(r) for r in chosen])
        write_jsonl(folder / "prompt_completion" / f"{split}.jsonl", [prompt_completion(r) for r in chosen])
        index += [
            {
                "split": split,
                "line": n,
                "intent": r["intent"],
                "customer_named": not r["reply"].startswith("Hi there"),
                "facts_used": r["facts"],
            }
            for n, r in enumerate(chosen, 1)
        ]
    write_jsonl(folder / "index.jsonl", index)
    return rows
