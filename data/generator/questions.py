"""The labelled question set: questions, reference answers and the passages that support them.

Questions, answers and quotes are templates over the same facts as the documents (``{{key}}``). The build
checks every quote is an exact substring of the rendered document it names, and that a question about the
present only cites current documents while a question with a past ``as_of`` cites the version in force then.
"""

from __future__ import annotations

from dataclasses import dataclass

SINGLE = "single-fact"
PARAPHRASE = "paraphrase"
CHANGED = "changed-between-versions"
MULTI = "multi-passage"
UNANSWERABLE = "unanswerable"
TYPES = (SINGLE, PARAPHRASE, CHANGED, MULTI, UNANSWERABLE)

ABSTAIN = (
    "The Kettlewick documents do not answer this. The right response is to say so, not to guess, and to "
    "offer to connect the customer with Kettlewick Care."
)


@dataclass(frozen=True)
class Question:
    type: str
    question: str
    answer: str
    passages: tuple[tuple[str, str], ...] = ()
    as_of: str | None = None
    stale: tuple[str, ...] = ()
    note: str | None = None
    #: for unanswerable questions: a regular expression that must match no document, so that an edit to the
    #: corpus cannot quietly make the question answerable
    absent: str | None = None
    #: for questions about facts that changed: the claim sets (data/generator/claims.py) an answer can draw on
    claims: tuple[str, ...] = ()


def q(type_: str, question: str, answer: str, *passages: tuple[str, str], **kw) -> Question:
    return Question(type_, question, answer, tuple(passages), **kw)


def u(question: str, note: str, absent: str | None = None) -> Question:
    return Question(UNANSWERABLE, question, ABSTAIN, note=note, absent=absent)


QUESTIONS: list[Question] = [
    # --- single facts, stated once, in a current document -------------------------------------------------
    q(
        SINGLE,
        "How much does the Ember Kettle 2 cost?",
        "The {{ek2_name}} costs {{ek2_price}}.",
        ("product-ember-kettle-2", "Price: {{ek2_price}}."),
    ),
    q(
        SINGLE,
        "What is the capacity of the Ember Kettle 2?",
        "The {{ek2_name}} holds {{ek2_capacity}}.",
        ("product-ember-kettle-2", "Capacity: {{ek2_capacity}}."),
    ),
    q(
        SINGLE,
        "For how long can the Ember Kettle 2 hold water at the set temperature?",
        "Up to {{ek2_hold}}.",
        ("product-ember-kettle-2", "Hold mode: keeps water at temperature for up to {{ek2_hold}}."),
    ),
    q(
        SINGLE,
        "What is the price of the Millstone Burr Grinder?",
        "The {{mg1_name}} costs {{mg1_price}}.",
        ("product-millstone-grinder", "Price: {{mg1_price}}."),
    ),
    q(
        SINGLE,
        "How many grind settings does the Millstone Burr Grinder have?",
        "It has {{mg1_settings}} numbered grind settings, from 1 (fine espresso) to {{mg1_settings}} "
        "(coarse French press).",
        ("product-millstone-grinder", "Grind settings: {{mg1_settings}} numbered steps"),
    ),
    q(
        SINGLE,
        "What burrs does the Millstone Pro Grinder use?",
        "It uses {{mg2_burrs}}.",
        ("product-millstone-pro", "Burrs: {{mg2_burrs}}."),
    ),
    q(
        SINGLE,
        "How much does the Millstone Pro Grinder cost?",
        "The {{mg2_name}} costs {{mg2_price}}.",
        ("product-millstone-pro", "Price: {{mg2_price}}."),
    ),
    q(
        SINGLE,
        "How much ground coffee stays in the Millstone Pro Grinder after a dose?",
        "Under {{mg2_retention}} of ground coffee.",
        ("product-millstone-pro", "Retention: under {{mg2_retention}} of ground coffee after each dose."),
    ),
    q(
        SINGLE,
        "What is the price of the Foundry Duo Espresso Machine?",
        "The {{fe2_name}} costs {{fe2_price}}.",
        ("product-foundry-duo", "Price: {{fe2_price}}."),
    ),
    q(
        SINGLE,
        "How big is the water tank on the Foundry Duo?",
        "{{fe2_tank}}; it can also be plumbed in with the included kit.",
        ("product-foundry-duo", "Water tank: {{fe2_tank}}, or plumb it in with the included kit."),
    ),
    q(
        SINGLE,
        "When was the Foundry Duo Espresso Machine launched?",
        "On {{fe2_launch}}.",
        ("product-foundry-duo", "Catalogue entry, published {{fe2_launch}}."),
    ),
    q(
        SINGLE,
        "How much does the Drift Cold Brew Maker cost?",
        "The {{cb1_name}} costs {{cb1_price}}.",
        ("product-drift-cold-brew", "Price: {{cb1_price}}."),
    ),
    q(
        SINGLE,
        "How long should cold brew steep in the Drift Cold Brew Maker?",
        "12 to 18 hours in the refrigerator; longer gives a stronger, more bitter result.",
        ("product-drift-cold-brew", "Refrigerate for 12 to 18 hours."),
    ),
    q(
        SINGLE,
        "What does the Lumen Milk Frother cost?",
        "The {{mf1_name}} costs {{mf1_price}}.",
        ("product-lumen-frother", "Price: {{mf1_price}}."),
    ),
    q(
        SINGLE,
        "How much milk can the Lumen Milk Frother froth at once?",
        "{{mf1_capacity}} for froth (400 ml when heating without froth).",
        ("product-lumen-frother", "Capacity: {{mf1_capacity}} for froth, 400 ml for heating without froth."),
    ),
    q(
        SINGLE,
        "What is the maximum weight the Ledger Brew Scale can measure?",
        "{{sc1_capacity}}.",
        ("product-ledger-scale", "Capacity: {{sc1_capacity}}."),
    ),
    q(
        SINGLE,
        "How long does the Ledger Brew Scale's battery last on a charge?",
        "About 30 hours of use per charge; it charges over USB-C.",
        ("product-ledger-scale", "about 30 hours of use per charge"),
    ),
    q(
        SINGLE,
        "How much is the Clearwell Descaling Kit and how many treatments does it contain?",
        "{{descaler_price}} for {{descaler_doses}} treatments.",
        (
            "product-accessories-parts",
            "| {{descaler_name}} ({{descaler_doses}} treatments) | all kettles and espresso machines | "
            "{{descaler_price}} |",
        ),
    ),
    q(
        SINGLE,
        "What does a replacement group-head gasket for the Foundry machines cost?",
        "{{gasket_price}}.",
        ("product-accessories-parts", "| Group-head gasket | {{fe1_name}}, {{fe2_name}} | {{gasket_price}} |"),
    ),
    q(
        SINGLE,
        "How much is a replacement burr set for the Millstone Burr Grinder?",
        "{{burr_set_price}}.",
        ("product-accessories-parts", "| Replacement conical burr set | {{mg1_name}} | {{burr_set_price}} |"),
    ),
    q(
        SINGLE,
        "What is the shipping rate to Canada?",
        "A flat {{intl_canada}} per order, delivered in {{intl_canada_days}}.",
        ("policy-shipping-international", "| Canada | {{intl_canada}} | {{intl_canada_days}} |"),
    ),
    q(
        SINGLE,
        "Do customers in the United Kingdom pay VAT or duties when their order is delivered?",
        "No. UK and EU orders ship delivered duty paid: VAT and duties are included in the checkout price.",
        (
            "policy-shipping-international",
            "VAT and duties are included in the price you see at checkout, and nothing more is due on delivery.",
        ),
    ),
    q(
        SINGLE,
        "How much trade-in credit do I get for an old espresso machine?",
        "{{trade_espresso_credit}} toward a {{fe1_name}} or {{fe2_name}}, for any working espresso machine of "
        "any brand.",
        (
            "policy-trade-in",
            "| Any working espresso machine, any brand | {{trade_espresso_credit}} | a {{fe1_name}} or {{fe2_name}} |",
        ),
    ),
    q(
        SINGLE,
        "What amounts are Kettlewick gift cards available in?",
        "Any whole-dollar amount from {{gift_min}} to {{gift_max}}.",
        ("policy-gift-cards", "in any whole-dollar amount from {{gift_min}} to {{gift_max}}"),
    ),
    q(
        SINGLE,
        "Do Kettlewick gift cards expire?",
        "No. They never expire and carry no fees.",
        ("policy-gift-cards", "{{company}} gift cards never expire and carry no fees of any kind."),
    ),
    q(
        SINGLE,
        "What is the flat fee for an out-of-warranty espresso machine repair?",
        "{{repair_fee_espresso}}, covering diagnosis, labor, a clean and descale and return shipping; parts "
        "are extra at list price.",
        ("policy-repairs", "| Espresso machines | {{repair_fee_espresso}} |"),
    ),
    q(
        SINGLE,
        "How long does an out-of-warranty repair usually take?",
        "Most repairs are completed within {{repair_turnaround}} of the appliance reaching the repair center.",
        (
            "policy-repairs",
            "Most repairs are completed within {{repair_turnaround}} of the appliance reaching the repair center.",
        ),
    ),
    q(
        SINGLE,
        "What does error E07 mean on a Foundry espresso machine?",
        "The boiler overheated. Switch the machine off and let it cool for 30 minutes; contact Kettlewick "
        "Care if it appears again.",
        (
            "faq-espresso-troubleshooting",
            "E07 means the boiler overheated. Switch the machine off and let it cool for 30 minutes.",
        ),
    ),
    q(
        SINGLE,
        "What does E1 on an Ember kettle mean?",
        "The kettle was switched on with too little water or boiled dry. Let it cool, fill it above the "
        "minimum line and try again.",
        ("faq-grinders-kettles", "E1 means the kettle was switched on with too little water, or it boiled dry."),
    ),
    q(
        SINGLE,
        "How long after ordering can I still change or cancel my order?",
        "Within {{order_change_window}} of placing it.",
        ("faq-orders-payments", "Yes, within {{order_change_window}} of placing it"),
    ),
    q(
        SINGLE,
        "What is the minimum order for paying with Klarna?",
        "{{klarna_min}}; such orders can be split into four interest-free payments.",
        (
            "faq-orders-payments",
            "Orders of {{klarna_min}} or more can also be split into four interest-free payments with Klarna.",
        ),
    ),
    q(
        SINGLE,
        "Who founded Kettlewick, and when?",
        "{{founders}} founded Kettlewick in {{founded}}.",
        ("company-about", "We were founded in {{founded}} by {{founders}}"),
    ),
    q(
        SINGLE,
        "Where is Kettlewick's headquarters?",
        "At {{hq_address}}.",
        ("company-about", "Our headquarters, design studio and {{company}} Care team are at {{hq_address}}."),
    ),
    q(
        SINGLE,
        "Which Ember Pour-Over Kettle serial numbers are in the lid replacement program?",
        "Serial numbers {{recall_serials}}.",
        ("memo-ember-lid-program", "The kettles affected have serial numbers {{recall_serials}}."),
    ),
    q(
        SINGLE,
        "Until when can owners request a free replacement lid for the Ember Pour-Over Kettle?",
        "Until {{recall_deadline}}.",
        ("memo-ember-lid-program", "can request a free replacement lid, shipped free, until {{recall_deadline}}"),
    ),
    q(
        SINGLE,
        "What pre-infusion range does Foundry firmware 1.6 allow?",
        "From {{fw16_preinfusion}}; the default is 4 seconds.",
        ("release-notes-foundry-firmware-1-6", "Set pre-infusion from {{fw16_preinfusion}}"),
    ),
    q(
        SINGLE,
        "Is flow profiling available on the Foundry Espresso Machine?",
        "No. Flow profiling needs the rotary pump of the {{fe2_name}}; it is not available on the {{fe1_name}}.",
        (
            "release-notes-foundry-firmware-2-0",
            "Flow profiling needs the rotary pump of the {{fe2_name}} and is not available on the {{fe1_name}}.",
        ),
    ),
    q(
        SINGLE,
        "Up to what amount can a Tier 1 Care agent approve a refund without a supervisor?",
        "{{refund_limit_new}} per customer per order, since {{refund_limit_date}} (it was {{refund_limit_old}}).",
        ("memo-refund-authority", "| Tier 1 agent | {{refund_limit_old}} | {{refund_limit_new}} |"),
    ),
    q(
        SINGLE,
        "What was Kettlewick Care's customer satisfaction score in Q3 2026?",
        "{{csat_q3}}.",
        ("memo-q3-2026-care-metrics", "| Customer satisfaction (CSAT) | {{csat_q3}} |"),
    ),
    q(
        SINGLE,
        "By when must an express order be placed to arrive before Christmas 2026?",
        "By {{holiday_express_cutoff}}.",
        ("memo-holiday-2026", "| Express ({{ship_v3_express}}) | {{holiday_express_cutoff}} |"),
    ),
    q(
        SINGLE,
        "Who should a Care agent escalate a customer injury to, and how fast?",
        "To {{safety_lead}} in Product Safety, within 1 hour.",
        (
            "memo-escalation-guide",
            "| Burn, shock, fire, smoke or any injury | {{safety_lead}}, Product Safety | 1 hour |",
        ),
    ),
    q(
        SINGLE,
        "How often should I descale the Foundry espresso machine?",
        "{{descale_interval}}, or {{descale_interval_hard}} if your water is hard (above 120 ppm).",
        ("faq-maintenance", "Descale the {{fe1_name}} or {{fe2_name}} {{descale_interval}}."),
        ("faq-maintenance", "If your water is hard (above 120 parts per million), descale {{descale_interval_hard}}."),
    ),
    q(
        SINGLE,
        "What size are Roast Club coffee bags?",
        "{{rc_bag}} bags.",
        ("policy-roast-club-v2", "Each {{rc_bag}} bag costs"),
    ),
    q(
        SINGLE,
        "What do SwiftCrate tracking numbers begin with?",
        '"SC".',
        ("policy-shipping-v3", '{{carrier_new}} tracking numbers begin with "SC".'),
    ),
    q(
        SINGLE,
        "What should a double shot of espresso yield and in how long?",
        "About 36 grams of espresso from 18 grams of coffee in 25 to 30 seconds.",
        (
            "faq-espresso-troubleshooting",
            "a double shot of 18 grams of coffee yields about 36 grams of espresso in 25 to 30 seconds",
        ),
    ),
    q(
        SINGLE,
        "Which Millstone Burr Grinder settings are suggested for French press?",
        "30 to 36.",
        ("product-millstone-grinder", "| French press | 30 to 36 |"),
    ),
    q(
        SINGLE,
        "How long is a Kettlewick repair guaranteed?",
        "6 months; if the same fault returns within 6 months it is fixed again at no charge.",
        ("policy-repairs", "Every repair is guaranteed for 6 months."),
    ),
    q(
        SINGLE,
        "What kind of descaler is the Clearwell kit, and what should I avoid?",
        "It is citric-acid based and safe for every Kettlewick appliance; avoid products containing "
        "hydrochloric acid, which damage boiler seals.",
        (
            "product-accessories-parts",
            "The {{descaler_name}} is citric-acid based and safe for every {{company}} appliance.",
        ),
    ),
    # --- paraphrases: little word overlap with the passage -------------------------------------------------
    q(
        PARAPHRASE,
        "If something I bought doesn't suit me, how long have I got to send it back?",
        "{{ret_v3_window}} days from the delivery date.",
        (
            "policy-returns-v3",
            "You have {{ret_v3_window}} days from the delivery date to return any appliance or accessory",
        ),
    ),
    q(
        PARAPHRASE,
        "I live in Toronto. What will delivery set me back?",
        "A flat {{intl_canada}} per order, arriving in {{intl_canada_days}}; duties and sales taxes are "
        "collected on delivery.",
        ("policy-shipping-international", "| Canada | {{intl_canada}} | {{intl_canada_days}} |"),
        ("policy-shipping-international", "the carrier collects any duties and sales taxes from you on delivery"),
    ),
    q(
        PARAPHRASE,
        "Can I get money off a new coffee maker by handing over my old one?",
        "Yes: the trade-in program gives {{trade_espresso_credit}} credit for any working espresso machine "
        "toward a {{fe1_name}} or {{fe2_name}}.",
        (
            "policy-trade-in",
            "| Any working espresso machine, any brand | {{trade_espresso_credit}} | a {{fe1_name}} or {{fe2_name}} |",
        ),
    ),
    q(
        PARAPHRASE,
        "My cappuccinos taste like lemon juice. What am I doing wrong?",
        "Sourness means under-extraction: the water runs through too quickly. Grind finer, a step or two at a time.",
        ("faq-espresso-troubleshooting", "Sourness usually means under-extraction: the water ran through too quickly."),
    ),
    q(
        PARAPHRASE,
        "What would a technician charge to fix my coffee machine now that its coverage has run out?",
        "A flat {{repair_fee_espresso}} for espresso machines, plus parts at list price, which are quoted first.",
        ("policy-repairs", "| Espresso machines | {{repair_fee_espresso}} |"),
        ("policy-repairs", "Replacement parts are charged at their list price."),
    ),
    q(
        PARAPHRASE,
        "Can I spread the cost of a big purchase over several instalments?",
        "Yes, orders of {{klarna_min}} or more can be split into four interest-free payments with Klarna.",
        (
            "faq-orders-payments",
            "Orders of {{klarna_min}} or more can also be split into four interest-free payments with Klarna.",
        ),
    ),
    q(
        PARAPHRASE,
        "Someone gave me a voucher for your shop three years ago. Is it still good?",
        "Yes. Kettlewick gift cards never expire.",
        ("policy-gift-cards", "{{company}} gift cards never expire and carry no fees of any kind."),
    ),
    q(
        PARAPHRASE,
        "Who started the business?",
        "{{founders}}, in {{founded}}.",
        ("company-about", "We were founded in {{founded}} by {{founders}}"),
    ),
    q(
        PARAPHRASE,
        "How big a batch of iced-coffee concentrate does the fridge jug make?",
        "It takes {{cb1_capacity}} of water and makes about 1 liter of concentrate.",
        ("product-drift-cold-brew", "Capacity: {{cb1_capacity}} of water, making about 1 liter of concentrate."),
    ),
    q(
        PARAPHRASE,
        "After milling, fine dust clings all over my counter. Any tips?",
        "That is static. Add one drop of water to the beans and stir before grinding, and keep the grounds bin clean.",
        ("faq-grinders-kettles", "That is static, and it is worst with very dry, light-roast beans."),
        ("faq-grinders-kettles", "Add one drop of water to the beans and stir before grinding"),
    ),
    q(
        PARAPHRASE,
        "When can I talk to a human on the phone at the weekend?",
        "{{sup_v3_phone_saturday}}; the phone line is closed on Sundays.",
        ("policy-support-hours-v3", "- {{sup_v3_phone_saturday}}"),
        ("policy-support-hours-v3", "The phone line is closed on Sundays and on US federal holidays."),
    ),
    q(
        PARAPHRASE,
        "If I write in, how soon will somebody get back to me?",
        "Emails are answered within {{sup_v3_email_sla}}, including weekends.",
        ("policy-support-hours-v3", "We answer every email within {{sup_v3_email_sla}}, including weekends."),
    ),
    q(
        PARAPHRASE,
        "My old handset is stuck on iOS 15. Will your software still run on it?",
        "App 4.0 and later need {{app_v4_min_ios}}. On iOS 15, app version 3.4 keeps working for existing "
        "features but gets no new ones, such as {{ek2_name}} support.",
        ("release-notes-app-4-0", "The app now needs {{app_v4_min_ios}} or later"),
        (
            "release-notes-app-4-0",
            "version 3.4 keeps working for existing features, but it will not receive the {{ek2_name}} or any "
            "new features",
        ),
    ),
    q(
        PARAPHRASE,
        "I'd like you to erase everything you hold on me. How long will that take?",
        "Account deletion is completed within {{priv_delete_days}}.",
        ("policy-privacy-v2", "Deletion is completed within {{priv_delete_days}}."),
    ),
    q(
        PARAPHRASE,
        "Once I have spoken to one of your agents by telephone, how long is that audio kept?",
        "{{priv_v2_calls}}.",
        ("policy-privacy-v2", "| Phone call recordings | {{priv_v2_calls}} |"),
    ),
    q(
        PARAPHRASE,
        "Do you farm customer service out to a call center?",
        "No. Kettlewick Care is an in-house team; support is not outsourced.",
        ("company-about", "{{company}} Care is an in-house team; we do not outsource support."),
    ),
    q(
        PARAPHRASE,
        "Will a machine bought in the States work on a British socket with a converter plug?",
        "No. Running a 120-volt appliance on a 230-volt supply through a plug adapter damages the heating "
        "element and voids the warranty; UK orders get the 230-volt versions.",
        (
            "policy-shipping-international",
            "Do not use a plug adapter to run a 120-volt appliance on a 230-volt supply; it will damage the "
            "heating element and void the warranty.",
        ),
    ),
    q(
        PARAPHRASE,
        "Is it OK to mill pepper or cinnamon in my coffee mill?",
        "No. Spice oils stay in the burrs and flavor coffee for weeks, and hard spices can chip the burrs.",
        (
            "faq-grinders-kettles",
            "No. Spice oils stay in the burrs and flavor your coffee for weeks, and hard spices can chip the burrs.",
        ),
    ),
    q(
        PARAPHRASE,
        "Water dribbles out around the handle while a shot is pulling. Why?",
        "The group-head gasket is probably worn; a new one costs {{gasket_price}} and lasts about a year. "
        "Also check the basket rim is clean.",
        ("faq-espresso-troubleshooting", "The group-head gasket is probably worn."),
    ),
    q(
        PARAPHRASE,
        "What can I do with the rewards I've been collecting?",
        "Every {{loy_v2_redeem}} Wick Points can be redeemed for a {{loy_reward}} reward at checkout or in the "
        "app's Wick Points wallet.",
        (
            "policy-loyalty-v2",
            "Every {{loy_v2_redeem}} can be redeemed for a {{loy_reward}} reward at checkout or in the Wick "
            "Points wallet in the {{company}} app.",
        ),
    ),
    q(
        PARAPHRASE,
        "I'll be abroad for two months. Can I put my bean deliveries on hold?",
        "Yes. Skip the shipments you will miss from your account page or the app; skips are unlimited.",
        ("faq-roast-club-loyalty", "Skip the shipments you will miss from your account page or in the app."),
        ("policy-roast-club-v2", "You may skip as many shipments as you like"),
    ),
    q(
        PARAPHRASE,
        "Which of your models can froth and brew at once?",
        "The {{fe2_name}}: one boiler brews while the other steams.",
        (
            "product-foundry-duo",
            "One boiler brews while the other steams, so you can pull a shot and texture milk at the same time",
        ),
    ),
    q(
        PARAPHRASE,
        "How precise is the weighing on your coffee scale?",
        "0.1 grams up to 1 kilogram, and 1 gram above that.",
        ("product-ledger-scale", "Resolution: 0.1 grams up to 1 kilogram, 1 gram above that."),
    ),
    q(
        PARAPHRASE,
        "What's the price of the little gadget that whips up a latte topping?",
        "The {{mf1_name}} costs {{mf1_price}}.",
        (
            "product-lumen-frother",
            "The {{mf1_name}} heats and froths milk at the touch of a button, for people who want lattes and "
            "cappuccinos without a steam wand.",
        ),
        ("product-lumen-frother", "Price: {{mf1_price}}."),
    ),
    q(
        PARAPHRASE,
        "My toddler broke the top of my gooseneck. Can I buy just that piece?",
        "Yes, a replacement lid for the {{ek1_name}} costs {{ek1_lid_price}}.",
        ("product-accessories-parts", "| Replacement lid | {{ek1_name}} | {{ek1_lid_price}} |"),
    ),
    q(
        PARAPHRASE,
        "I paid with a present card and then sent the item back. How do I get my money?",
        "The refund is issued as a new gift card for the same amount.",
        (
            "policy-gift-cards",
            "If you return an item bought with a gift card, the refund is issued as a new gift card for the "
            "same amount.",
        ),
    ),
    q(
        PARAPHRASE,
        "Can you deliver to Sydney or Tokyo?",
        "No. Kettlewick ships only to the United States, Canada, the United Kingdom and the European Union; "
        "not to Australia or Japan.",
        (
            "policy-shipping-international",
            "We do not ship to any other country at this time, including Australia, Japan and Mexico.",
        ),
    ),
    q(
        PARAPHRASE,
        "How soon after you receive my parcel back does the money reach my card?",
        "Within {{ret_v3_refund_days}} business days after the return passes inspection.",
        ("policy-returns-v3", "we refund the original payment method within {{ret_v3_refund_days}} business days"),
    ),
    q(
        PARAPHRASE,
        "Is it fine to fill the espresso maker with purified bottled water?",
        "Not distilled or reverse osmosis water: the boiler level sensor needs some minerals. Filtered tap "
        "water works best.",
        (
            "faq-maintenance",
            "Do not use distilled or reverse osmosis water in the espresso machines: the boiler level sensor "
            "needs some minerals in the water to work.",
        ),
    ),
    q(
        PARAPHRASE,
        "What does it mean when my pour-over boiler beeps thrice?",
        "The water has reached the set temperature; in hold mode it beeps again when the hold time ends.",
        ("faq-grinders-kettles", "Three beeps mean the water has reached the temperature you set."),
    ),
    q(
        PARAPHRASE,
        "If the sticker price drops a week after I pay, do I lose out?",
        "No. If Kettlewick lowers its own price within {{pm_v2_protection_days}} of your order, the "
        "difference is refunded automatically.",
        (
            "policy-price-match-v2",
            "If {{company}} lowers the price of an item on {{website}} within {{pm_v2_protection_days}} of your "
            "order date, we refund the difference automatically.",
        ),
    ),
    # --- facts that changed between versions: the answer is the version in force on as_of ---------------
    q(
        CHANGED,
        "What is Kettlewick's return window?",
        "{{ret_v3_window}} days from the delivery date (returns policy version 3, effective {{ret_v3_date}}).",
        (
            "policy-returns-v3",
            "You have {{ret_v3_window}} days from the delivery date to return any appliance or accessory",
        ),
        claims=("return-window",),
    ),
    q(
        CHANGED,
        "Is there a restocking fee on a used grinder I return?",
        "No. Since {{ret_v3_date}} there is no restocking fee on any product, including used grinders.",
        ("policy-returns-v3", "There is no restocking fee on any product, including used grinders."),
        claims=("restocking-fee",),
    ),
    q(
        CHANGED,
        "If I return something that isn't defective, do I pay for the return label?",
        "No. Every return now comes with a free prepaid label and nothing is deducted from the refund.",
        ("policy-returns-v3", "Every return now comes with a free prepaid label"),
        claims=("return-label",),
    ),
    q(
        CHANGED,
        "How long does it take to get a refund after a return is inspected?",
        "Within {{ret_v3_refund_days}} business days.",
        ("policy-returns-v3", "we refund the original payment method within {{ret_v3_refund_days}} business days"),
        claims=("refund-time",),
    ),
    q(
        CHANGED,
        "How much does standard shipping cost?",
        "{{ship_v3_standard}}, delivered in {{ship_v3_standard_days}}; it is free on orders of {{ship_v3_free}} "
        "or more.",
        ("policy-shipping-v3", "| Standard | {{ship_v3_standard}} | {{ship_v3_standard_days}} |"),
        claims=("standard-shipping-price", "free-shipping-threshold"),
    ),
    q(
        CHANGED,
        "What is the minimum order for free standard shipping?",
        "{{ship_v3_free}}, after discounts and before tax.",
        ("policy-shipping-v3", "Standard shipping is free on orders of {{ship_v3_free}} or more"),
        claims=("free-shipping-threshold",),
    ),
    q(
        CHANGED,
        "What does express shipping cost?",
        "{{ship_v3_express}} for delivery in 2 business days.",
        ("policy-shipping-v3", "| Express | {{ship_v3_express}} | 2 business days |"),
        claims=("express-shipping-price",),
    ),
    q(
        CHANGED,
        "Do you ship to Hawaii?",
        "Yes, at a flat rate of {{ship_v3_ak_hi}} per order, delivered in 5 to 9 business days.",
        ("policy-shipping-v3", "We now ship to Alaska and Hawaii at a flat rate of {{ship_v3_ak_hi}} per order"),
        claims=("alaska-hawaii",),
    ),
    q(
        CHANGED,
        "Is next-day delivery available, and what does it cost?",
        "Yes, {{ship_v3_nextday}}, for orders placed by {{ship_v3_cutoff}} on a business day.",
        (
            "policy-shipping-v3",
            "| Next-day | {{ship_v3_nextday}} | next business day when ordered by {{ship_v3_cutoff}} |",
        ),
        claims=("next-day",),
    ),
    q(
        CHANGED,
        "Which carrier delivers Kettlewick orders in the US?",
        "{{carrier_new}}, since {{ship_v3_date}}.",
        ("policy-shipping-v3", "with our new carrier partner {{carrier_new}}"),
        claims=("carrier",),
    ),
    q(
        CHANGED,
        "Where do Kettlewick orders ship from?",
        "From the warehouse in {{warehouse_new}}.",
        ("policy-shipping-v3", "Orders ship from our warehouse in {{warehouse_new}}"),
        claims=("warehouse",),
    ),
    q(
        CHANGED,
        "How long is the warranty on a Foundry espresso machine?",
        "{{war_v3_espresso_registered}} if registered within {{war_v3_register_days}} of delivery, otherwise "
        "{{war_v3_espresso_unregistered}}.",
        (
            "policy-warranty-v3",
            "| Espresso machines, registered within {{war_v3_register_days}} of delivery | "
            "{{war_v3_espresso_registered}} |",
        ),
        ("policy-warranty-v3", "| Espresso machines, not registered | {{war_v3_espresso_unregistered}} |"),
        claims=("espresso-warranty",),
    ),
    q(
        CHANGED,
        "What warranty comes with a Millstone grinder?",
        "{{war_v3_grinder_kettle}}.",
        ("policy-warranty-v3", "| Grinders and kettles | {{war_v3_grinder_kettle}} |"),
        claims=("grinder-warranty",),
    ),
    q(
        CHANGED,
        "What are Kettlewick Care's phone hours on weekdays?",
        "{{sup_v3_phone_weekday}}.",
        ("policy-support-hours-v3", "- {{sup_v3_phone_weekday}}"),
        claims=("phone-hours",),
    ),
    q(
        CHANGED,
        "Can I chat with Kettlewick at 2 a.m.?",
        "Yes. Chat is open 24 hours a day; people join {{sup_v3_chat_human}}, and outside those hours the "
        "support assistant takes your details and a person replies by email.",
        ("policy-support-hours-v3", "is open 24 hours a day, 7 days a week"),
        ("policy-support-hours-v3", "People join the chat {{sup_v3_chat_human}}"),
        claims=("chat",),
    ),
    q(
        CHANGED,
        "How quickly does Kettlewick answer emails?",
        "Within {{sup_v3_email_sla}}, including weekends.",
        ("policy-support-hours-v3", "We answer every email within {{sup_v3_email_sla}}, including weekends."),
        claims=("email-response",),
    ),
    q(
        CHANGED,
        "Will Kettlewick match a lower price from another retailer?",
        "No. Price matching ended on {{pm_v2_date}}. Instead, price protection refunds the difference "
        "automatically if Kettlewick lowers its own price within {{pm_v2_protection_days}}.",
        ("policy-price-match-v2", "{{company}} no longer matches prices offered by other retailers."),
        claims=("price-match",),
    ),
    q(
        CHANGED,
        "How many Wick Points do I need for a $10 reward?",
        "{{loy_v2_redeem}}.",
        ("policy-loyalty-v2", "Every {{loy_v2_redeem}} can be redeemed for a {{loy_reward}} reward"),
        claims=("points-reward",),
    ),
    q(
        CHANGED,
        "When do Wick Points expire?",
        "Only after {{loy_v2_expiry}}; any order, review or login counts as activity.",
        ("policy-loyalty-v2", "Your whole balance expires only after {{loy_v2_expiry}}"),
        claims=("points-expiry",),
    ),
    q(
        CHANGED,
        "How much does a bag of Roast Club coffee cost?",
        "{{rc_v2_price}} per {{rc_bag}} bag, shipping included.",
        ("policy-roast-club-v2", "Each {{rc_bag}} bag costs {{rc_v2_price}}, shipping included."),
        claims=("roast-club-price",),
    ),
    q(
        CHANGED,
        "How many Roast Club shipments can I skip?",
        "As many as you like; skips are unlimited.",
        ("policy-roast-club-v2", "You may skip as many shipments as you like"),
        claims=("roast-club-skips",),
    ),
    q(
        CHANGED,
        "How far ahead of billing must I change or cancel my Roast Club subscription?",
        "At least {{rc_v2_notice}} before the billing date, which is the {{rc_v2_billing_day}} of the month.",
        ("policy-roast-club-v2", "at least {{rc_v2_notice}} before your billing date"),
        ("policy-roast-club-v2", "We bill your card on the {{rc_v2_billing_day}} of each month"),
        claims=("roast-club-notice",),
    ),
    q(
        CHANGED,
        "How long does Kettlewick keep chat transcripts?",
        "{{priv_v2_transcripts}}.",
        ("policy-privacy-v2", "| Email, chat and assistant transcripts | {{priv_v2_transcripts}} |"),
        claims=("transcripts",),
    ),
    q(
        CHANGED,
        "How much is the Ember Pour-Over Kettle?",
        "{{ek1_price_v2}} (it was {{ek1_price_v1}}).",
        ("product-ember-kettle-v2", "Price: {{ek1_price_v2}} (was {{ek1_price_v1}})."),
        claims=("ember-kettle-price",),
    ),
    q(
        CHANGED,
        "How much is the Foundry Espresso Machine?",
        "{{fe1_price_v2}} since {{fe1_price_change_date}} (it was {{fe1_price_v1}}).",
        ("product-foundry-espresso-v2", "Price: {{fe1_price_v2}} (was {{fe1_price_v1}})."),
        claims=("foundry-price",),
    ),
    q(
        CHANGED,
        "After how long without use does a Foundry machine switch itself off by default?",
        "30 minutes since firmware 2.0 (firmware 1.6 introduced eco mode with a 60-minute default).",
        ("release-notes-foundry-firmware-2-0", "The default eco mode timeout is now 30 minutes instead of 60."),
        stale=("release-notes-foundry-firmware-1-6",),
        claims=("eco-mode",),
    ),
    q(
        CHANGED,
        "Which iPhone software version does the Kettlewick app need?",
        "{{app_v4_min_ios}} or later, since app version 4.0.",
        ("release-notes-app-4-0", "The app now needs {{app_v4_min_ios}} or later"),
        stale=("release-notes-app-3-0", "release-notes-app-3-4"),
        claims=("app-ios",),
    ),
    q(
        CHANGED,
        "How long are phone call recordings kept?",
        "{{priv_v2_calls}}.",
        ("policy-privacy-v2", "| Phone call recordings | {{priv_v2_calls}} |"),
        claims=("call-recordings",),
    ),
    # The same questions asked as of a past date: the answer is the version in force then.
    q(
        CHANGED,
        "What was the return window?",
        "{{ret_v1_window}} days from the delivery date (returns policy version 1).",
        ("policy-returns-v1", "within {{ret_v1_window}} days of the delivery date"),
        as_of="2025-03-01",
        claims=("return-window",),
    ),
    q(
        CHANGED,
        "What was the return window?",
        "{{ret_v2_window}} days from the delivery date (returns policy version 2).",
        ("policy-returns-v2", "within {{ret_v2_window}} days of the delivery date"),
        as_of="2025-12-01",
        claims=("return-window",),
    ),
    q(
        CHANGED,
        "What did standard shipping cost, and when was it free?",
        "{{ship_v1_standard}}, free on orders of {{ship_v1_free}} or more.",
        ("policy-shipping-v1", "| Standard | {{ship_v1_standard}} | {{ship_v1_standard_days}} |"),
        ("policy-shipping-v1", "Standard shipping is free on orders of {{ship_v1_free}} or more"),
        as_of="2024-06-01",
        claims=("standard-shipping-price", "free-shipping-threshold"),
    ),
    q(
        CHANGED,
        "What did standard shipping cost, and when was it free?",
        "{{ship_v2_standard}}, free on orders of {{ship_v2_free}} or more.",
        ("policy-shipping-v2", "| Standard | {{ship_v2_standard}} | {{ship_v2_standard_days}} |"),
        ("policy-shipping-v2", "Standard shipping is free on orders of {{ship_v2_free}} or more"),
        as_of="2026-01-10",
        claims=("standard-shipping-price", "free-shipping-threshold"),
    ),
    q(
        CHANGED,
        "How long was the warranty on an espresso machine?",
        "{{war_v1_term}}, like every appliance.",
        ("policy-warranty-v1", "Every {{company}} appliance is covered for {{war_v1_term}} from the date of delivery"),
        as_of="2024-08-01",
        claims=("espresso-warranty",),
    ),
    q(
        CHANGED,
        "How long was the warranty on an espresso machine?",
        "{{war_v2_espresso}}.",
        ("policy-warranty-v2", "| Espresso machines (Foundry range) | {{war_v2_espresso}} |"),
        as_of="2025-10-01",
        claims=("espresso-warranty",),
    ),
    q(
        CHANGED,
        "What were Kettlewick Care's phone hours?",
        "{{sup_v2_hours}}.",
        ("policy-support-hours-v2", "{{sup_v2_hours}}. Live chat is new in this version."),
        as_of="2025-11-01",
        claims=("phone-hours",),
    ),
    q(
        CHANGED,
        "Could customers use live chat?",
        "No. Live chat was not offered at that time.",
        ("policy-support-hours-v1", "We do not offer live chat at this time."),
        as_of="2024-10-01",
        claims=("chat",),
    ),
    q(
        CHANGED,
        "How much did a bag of Roast Club coffee cost?",
        "{{rc_v1_price}} per {{rc_bag}} bag, shipping included.",
        ("policy-roast-club-v1", "Each {{rc_bag}} bag costs {{rc_v1_price}}, shipping included."),
        as_of="2025-07-01",
        claims=("roast-club-price",),
    ),
    q(
        CHANGED,
        "How many Wick Points did a $10 reward take?",
        "{{loy_v1_redeem}}.",
        ("policy-loyalty-v1", "Every {{loy_v1_redeem}} can be redeemed for a {{loy_reward}} reward at checkout."),
        as_of="2025-01-15",
        claims=("points-reward",),
    ),
    q(
        CHANGED,
        "Would Kettlewick match a lower price from an authorized retailer?",
        "Yes, if claimed within {{pm_v1_days}} of purchase, for the same new, in-stock model.",
        (
            "policy-price-match-v1",
            "If you find a new {{company}} appliance advertised for less by an authorized retailer, we will match "
            "that price.",
        ),
        ("policy-price-match-v1", "Contact {{company}} Care within {{pm_v1_days}} of your purchase"),
        as_of="2025-09-01",
        claims=("price-match",),
    ),
    q(
        CHANGED,
        "How much was the Foundry Espresso Machine?",
        "{{fe1_price_v1}}.",
        ("product-foundry-espresso-v1", "Price: {{fe1_price_v1}}."),
        as_of="2026-05-01",
        claims=("foundry-price",),
    ),
    q(
        CHANGED,
        "How much was the Ember Pour-Over Kettle?",
        "{{ek1_price_v1}}.",
        ("product-ember-kettle-v1", "Price: {{ek1_price_v1}}."),
        as_of="2025-12-01",
        claims=("ember-kettle-price",),
    ),
    q(
        CHANGED,
        "How long were phone call recordings kept?",
        "{{priv_v1_calls}}.",
        ("policy-privacy-v1", "| Phone call recordings | {{priv_v1_calls}} |"),
        as_of="2025-08-01",
        claims=("call-recordings",),
    ),
    q(
        CHANGED,
        "What was the restocking fee on a used grinder?",
        "{{ret_v2_restock}}.",
        ("policy-returns-v2", "Used grinders carry a {{ret_v2_restock}} restocking fee"),
        as_of="2026-02-01",
        claims=("restocking-fee",),
    ),
    q(
        CHANGED,
        "Did Kettlewick deliver to Alaska?",
        "No; Alaska, Hawaii and P.O. boxes were not served.",
        ("policy-shipping-v2", "We do not currently ship to Alaska, Hawaii or P.O. boxes."),
        as_of="2026-07-15",
        claims=("alaska-hawaii",),
    ),
    # --- several passages, often in several documents ------------------------------------------------------
    q(
        MULTI,
        "I'm buying a Foundry Espresso Machine and a Millstone Burr Grinder. What's the total before "
        "tax, and do I pay for standard shipping?",
        "{{fe1_price_v2}} + {{mg1_price}} = $878, and standard shipping is free because the order is over "
        "{{ship_v3_free}}.",
        ("product-foundry-espresso-v2", "Price: {{fe1_price_v2}} (was {{fe1_price_v1}})."),
        ("product-millstone-grinder", "Price: {{mg1_price}}."),
        ("policy-shipping-v3", "Standard shipping is free on orders of {{ship_v3_free}} or more"),
    ),
    q(
        MULTI,
        "If I trade in my old espresso machine toward a Foundry Duo, what do I pay?",
        "{{fe2_price}} minus {{trade_espresso_credit}} trade-in credit: $1,049.",
        ("product-foundry-duo", "Price: {{fe2_price}}."),
        (
            "policy-trade-in",
            "| Any working espresso machine, any brand | {{trade_espresso_credit}} | a {{fe1_name}} or {{fe2_name}} |",
        ),
    ),
    q(
        MULTI,
        "I'm a Roast Club member. What would the Ember Kettle 2 cost me?",
        "Members get {{rc_v2_hardware_discount}} off appliances: {{ek2_price}} less 10% is $116.10.",
        ("policy-roast-club-v2", "Roast Club members get {{rc_v2_hardware_discount}} off any {{company}} appliance"),
        ("product-ember-kettle-2", "Price: {{ek2_price}}."),
    ),
    q(
        MULTI,
        "How much more does the Ember Kettle 2 cost than the original Ember Pour-Over Kettle?",
        "$50: {{ek2_price}} against {{ek1_price_v2}}.",
        ("product-ember-kettle-2", "Price: {{ek2_price}}."),
        ("product-ember-kettle-v2", "Price: {{ek1_price_v2}} (was {{ek1_price_v1}})."),
    ),
    q(
        MULTI,
        "I'm not a Roast Club member. How many Wick Points would I earn on a Foundry Duo, and how many "
        "$10 rewards would they pay for?",
        "1,149 points (1 point per dollar on {{fe2_price}}), enough for two {{loy_reward}} rewards "
        "({{loy_v2_redeem}} each) with 349 points left over.",
        ("policy-loyalty-v2", "You earn 1 point for every dollar you spend"),
        ("policy-loyalty-v2", "Every {{loy_v2_redeem}} can be redeemed for a {{loy_reward}} reward"),
        ("product-foundry-duo", "Price: {{fe2_price}}."),
    ),
    q(
        MULTI,
        "My Foundry Espresso Machine was delivered on May 10, 2026 and I never registered it. If it "
        "breaks in November 2027, is it covered?",
        "Yes. Warranty version 3 applies to machines delivered from {{war_v3_date}}; an unregistered espresso "
        "machine has {{war_v3_espresso_unregistered}}, so cover runs until May 10, 2028.",
        ("policy-warranty-v3", "Applies to appliances delivered on or after that date."),
        ("policy-warranty-v3", "| Espresso machines, not registered | {{war_v3_espresso_unregistered}} |"),
    ),
    q(
        MULTI,
        "What is the total for a Ledger Brew Scale with next-day shipping?",
        "$81.00: {{sc1_price}} plus {{ship_v3_nextday}} for next-day shipping, which is never free.",
        ("product-ledger-scale", "Price: {{sc1_price}}."),
        (
            "policy-shipping-v3",
            "| Next-day | {{ship_v3_nextday}} | next business day when ordered by {{ship_v3_cutoff}} |",
        ),
        ("policy-shipping-v3", "Express and next-day shipping are never free."),
    ),
    q(
        MULTI,
        "I live in Germany and want a Millstone Pro. What do I pay for the grinder and shipping, and is "
        "VAT due on delivery?",
        "{{mg2_price}} plus {{intl_uk_eu}} shipping, $328 in all; VAT and duties are included at checkout, so "
        "nothing is due on delivery.",
        ("product-millstone-pro", "Price: {{mg2_price}}."),
        (
            "policy-shipping-international",
            "| United Kingdom and European Union | {{intl_uk_eu}} | {{intl_uk_eu_days}} |",
        ),
        (
            "policy-shipping-international",
            "VAT and duties are included in the price you see at checkout, and nothing more is due on delivery.",
        ),
    ),
    q(
        MULTI,
        "Which appliances can connect to the Kettlewick app, and which app version does the Foundry Duo need?",
        "The {{ek2_name}}, the {{fe1_name}} (firmware 1.4 or later) and the {{fe2_name}}; the Duo needs app "
        "version 3.4 or later.",
        ("faq-app-account", "The {{ek2_name}}, the {{fe1_name}} (with firmware 1.4 or later) and the {{fe2_name}}."),
        ("product-foundry-duo", "Pairs with the {{company}} app (version 3.4 or later)"),
    ),
    q(
        MULTI,
        "My Ember Pour-Over Kettle's lid cracked at the hinge. What are my options?",
        "If the serial number is in {{recall_serials}}, request a free replacement lid until "
        "{{recall_deadline}}, no proof of purchase needed. Otherwise it is a warranty claim, or a "
        "{{ek1_lid_price}} spare lid if the kettle is out of warranty.",
        (
            "memo-ember-lid-program",
            "Every owner of a kettle in the serial range can request a free replacement lid, shipped free, until "
            "{{recall_deadline}}.",
        ),
        (
            "memo-ember-lid-program",
            "A lid with a cracked hinge outside the serial range is handled as an ordinary warranty claim, or sold "
            "as a spare part at {{ek1_lid_price}} if the kettle is past its warranty.",
        ),
    ),
    q(
        MULTI,
        "My water is hard. How many Clearwell kits do I need a year for my Foundry?",
        "Descaling {{descale_interval_hard}} means about 9 descales a year; each kit has {{descaler_doses}} "
        "treatments, so three kits ($42).",
        ("faq-maintenance", "If your water is hard (above 120 parts per million), descale {{descale_interval_hard}}."),
        (
            "product-accessories-parts",
            "| {{descaler_name}} ({{descaler_doses}} treatments) | all kettles and espresso machines | "
            "{{descaler_price}} |",
        ),
    ),
    q(
        MULTI,
        "How much coffee and which Millstone setting should I use for a batch in the Drift?",
        "150 grams, ground coarsely at setting 34 on the {{mg1_name}}, within its French press range of 30 to 36.",
        (
            "product-drift-cold-brew",
            "Fill the filter with 150 grams of coarsely ground coffee (setting 34 on the {{mg1_name}}).",
        ),
        ("product-millstone-grinder", "| French press | 30 to 36 |"),
    ),
    q(
        MULTI,
        "If I cancel Roast Club, do I keep my appliance discount and my Wick Points?",
        "The {{rc_v2_hardware_discount}} appliance discount ends with the subscription; Wick Points already "
        "earned stay in the account.",
        (
            "policy-roast-club-v2",
            "Roast Club members get {{rc_v2_hardware_discount}} off any {{company}} appliance or accessory while "
            "their subscription is active",
        ),
        (
            "faq-roast-club-loyalty",
            "The member discount on appliances and accessories ends when your subscription ends. Wick Points you "
            "already earned stay in your account.",
        ),
    ),
    q(
        MULTI,
        "What does it cost to ship a Foundry Duo to Honolulu, and by when must I order for delivery "
        "before Christmas 2026?",
        "A flat {{ship_v3_ak_hi}}; order by December 12.",
        ("policy-shipping-v3", "We now ship to Alaska and Hawaii at a flat rate of {{ship_v3_ak_hi}} per order"),
        ("memo-holiday-2026", "| Alaska and Hawaii | December 12 |"),
    ),
    q(
        MULTI,
        "A Millstone Burr Grinder bought on Black Friday 2026 was delivered on December 2, 2026. Until "
        "when can it be returned?",
        "Until {{holiday_return_until}}: the holiday extension beats {{ret_v3_window}} days after delivery "
        "(January 31, 2027), and the later date applies.",
        (
            "memo-holiday-2026",
            "Items delivered between November 1 and December 31, 2026 can be returned until "
            "{{holiday_return_until}}, or {{ret_v3_window}} days after delivery, whichever is later.",
        ),
        (
            "policy-returns-v3",
            "You have {{ret_v3_window}} days from the delivery date to return any appliance or accessory",
        ),
    ),
    q(
        MULTI,
        "I only make espresso and weigh every dose. Which Kettlewick grinder fits, and how much more is "
        "it than the other one?",
        "The {{mg2_name}} ({{mg2_price}}), a single-dose espresso grinder; it costs $120 more than the "
        "{{mg1_name}} ({{mg1_price}}).",
        ("product-millstone-pro", "Espresso enthusiasts who weigh every dose."),
        ("product-millstone-pro", "Price: {{mg2_price}}."),
        ("product-millstone-grinder", "Price: {{mg1_price}}."),
    ),
    q(
        MULTI,
        "A customer says their kettle burned them. What must the agent do?",
        "Tell them to unplug the appliance and stop using it, collect photos and the serial number, and "
        "escalate to {{safety_lead}} in Product Safety within 1 hour, without discussing compensation.",
        (
            "memo-escalation-guide",
            "tell the customer to unplug the appliance and stop using it, collect photos and the serial number, "
            "and escalate before you end the conversation",
        ),
        (
            "memo-escalation-guide",
            "| Burn, shock, fire, smoke or any injury | {{safety_lead}}, Product Safety | 1 hour |",
        ),
        (
            "memo-ember-lid-program",
            "If a customer reports a burn or any injury, stop and escalate to Product Safety immediately",
        ),
    ),
    q(
        MULTI,
        "Why did Care contacts rise in Q3 2026, and what was the top contact reason?",
        "The carrier switch on {{ship_v3_date}} caused tracking questions and returns policy version 3 caused "
        "questions about the new window; the top reason: {{top_reason_q3}}.",
        (
            "memo-q3-2026-care-metrics",
            "The carrier switch on {{ship_v3_date}} produced a wave of tracking questions in August",
        ),
        ("memo-q3-2026-care-metrics", "1. {{top_reason_q3}}"),
    ),
    q(
        MULTI,
        "Can I pay for Roast Club with a gift card or with Wick Points?",
        "Neither: Roast Club needs a card on file, and Wick Points rewards cannot be used on subscription charges.",
        ("policy-gift-cards", "Gift cards cannot be used for Roast Club subscriptions, which require a card on file."),
        (
            "faq-roast-club-loyalty",
            "Rewards can be used on appliances, accessories and parts, but not on subscription charges or gift cards.",
        ),
    ),
    q(
        MULTI,
        "I live in Canada. Can I return an item, and is the return label free?",
        "Yes, within the same {{ret_v3_window}}-day window as US customers, but return shipping from outside "
        "the United States is at your cost.",
        (
            "policy-shipping-international",
            "return shipping from outside the United States is always at the customer's cost",
        ),
        (
            "policy-returns-v3",
            "You have {{ret_v3_window}} days from the delivery date to return any appliance or accessory",
        ),
    ),
    q(
        MULTI,
        "What do a Foundry Espresso Machine, a pack of water filters and a Clearwell kit cost together?",
        "$732: {{fe1_price_v2}} + {{filter_pack_price}} + {{descaler_price}}.",
        ("product-foundry-espresso-v2", "Price: {{fe1_price_v2}} (was {{fe1_price_v1}})."),
        (
            "product-accessories-parts",
            "| Water filter cartridges, pack of 3 | {{fe1_name}}, {{fe2_name}} | {{filter_pack_price}} |",
        ),
        (
            "product-accessories-parts",
            "| {{descaler_name}} ({{descaler_doses}} treatments) | all kettles and espresso machines | "
            "{{descaler_price}} |",
        ),
    ),
    q(
        MULTI,
        "What must be installed before a Foundry Espresso Machine can take firmware 2.0?",
        "Firmware 1.6 (which itself needs firmware 1.4) and the Kettlewick app 3.4 or later.",
        (
            "release-notes-foundry-firmware-2-0",
            "{{company}} app 3.4 or later. For the {{fe1_name}}, firmware 1.6 must already be installed.",
        ),
        ("release-notes-foundry-firmware-1-6", "firmware 1.4 or later already installed"),
    ),
    q(
        MULTI,
        "What would it cost to have worn burrs replaced on an out-of-warranty Millstone Burr Grinder?",
        "$78: the {{repair_fee_other}} flat fee plus a {{burr_set_price}} replacement burr set.",
        ("policy-repairs", "| Grinders, kettles and other appliances | {{repair_fee_other}} |"),
        ("product-accessories-parts", "| Replacement conical burr set | {{mg1_name}} | {{burr_set_price}} |"),
    ),
    q(
        MULTI,
        "Which warehouse and carrier handle US orders today, and since when?",
        "Orders ship from {{warehouse_new}} (since {{warehouse_move_date}}) with {{carrier_new}} (since "
        "{{ship_v3_date}}).",
        (
            "memo-warehouse-move",
            "On {{warehouse_move_date}}, we ship our first orders from the new fulfilment center in {{warehouse_new}}.",
        ),
        ("memo-carrier-switch", "From {{ship_v3_date}}, {{carrier_new}} replaces {{carrier_old}} as our carrier"),
    ),
    q(
        MULTI,
        "How much are two Roast Club bags a month for a year, and what appliance discount comes with it?",
        "$432 a year (2 x {{rc_v2_price}} x 12), shipping included, plus {{rc_v2_hardware_discount}} off "
        "appliances and accessories while subscribed.",
        ("policy-roast-club-v2", "Each {{rc_bag}} bag costs {{rc_v2_price}}, shipping included."),
        (
            "policy-roast-club-v2",
            "Roast Club members get {{rc_v2_hardware_discount}} off any {{company}} appliance or accessory",
        ),
    ),
    # --- unanswerable: the corpus does not say, so the right behaviour is to abstain ---------------------
    u(
        "What is the price of the Foundry Duo in euros?",
        "Prices are given in US dollars only.",
        absent=r"\beuros?\b|€",
    ),
    u(
        "When will the Ember Kettle 3 be released?",
        "No Ember Kettle 3 is mentioned anywhere.",
        absent=r"Ember Kettle 3",
    ),
    u(
        "How much does the Foundry Espresso Machine weigh?",
        "The catalogue gives no weights.",
        absent=r"\bweighs\b|\bweight:",
    ),
    u(
        "What is the boiler volume of the Foundry Espresso Machine?",
        "Only the water tank size is given for the single-boiler machine; the Duo's boilers are sized.",
    ),
    u(
        "How much are Kettlewick Care agents paid?",
        "No pay information appears in the corpus.",
        absent=r"\bsalar|\bwages?\b",
    ),
    u(
        "What was Kettlewick's revenue in 2025?",
        "No financial results appear in the corpus.",
        absent=r"\brevenue\b|\bturnover\b",
    ),
    u("How loud is the Millstone Pro Grinder in decibels?", "No noise levels are given.", absent=r"decibel|\bdB\b"),
    u(
        "Which roaster supplied the Roast Club coffee in October 2026?",
        "The FAQ says each month's card names the roaster, but no month's roaster is in the corpus.",
    ),
    u("Is there a student discount code?", "No student discount is mentioned.", absent=r"\bstudent"),
    u(
        "What is the phone number of the Columbus repair center?",
        "Only the Kettlewick Care number is given; the repair center has no published number.",
        absent=r"repair center[^.]*1-800",
    ),
    u(
        "How many kettles did Kettlewick sell in 2025?",
        "Sales volumes are not given; the lid memo counts only the kettles in the affected serial range.",
    ),
    u(
        "What water temperature does Kettlewick recommend for green tea?",
        "A temperature chart is said to be in the box, but its contents are not in the corpus.",
        absent=r"green tea",
    ),
    u("What will Roast Club cost in 2027?", "No future price is announced.", absent=r"Roast Club[^.]*2027"),
    u(
        "Does Kettlewick offer a military discount?",
        "No such discount is mentioned.",
        absent=r"\bmilitary\b|\bveteran",
    ),
    u(
        "How long does the Ledger Brew Scale take to charge fully?",
        "Battery life per charge is given, but not the charging time.",
        absent=r"fully charged|charging time|to charge fully",
    ),
    u("Who is the chief executive of SwiftCrate?", "The corpus names no one at the carrier."),
    u(
        "What credit score does Klarna require?",
        "Klarna's approval criteria are not described.",
        absent=r"credit score|credit check",
    ),
    u("What colors does the Millstone Burr Grinder come in?", "Colors are listed only for the Ember Kettle 2."),
    u(
        "What will the holiday 2027 shipping cutoffs be?",
        "Only the 2026 cutoffs are published.",
        absent=r"holiday 2027",
    ),
    u(
        "What is the maximum pressure of the Foundry Duo's steam boiler?",
        "Pump pressure (6 to 10 bar) and boiler sizes are given, but not the steam boiler's pressure.",
    ),
    u(
        "What is the energy rating of the Lumen Milk Frother?",
        "No energy ratings are given.",
        absent=r"energy rating|energy star",
    ),
    u(
        "How many Kettlewick Care agents are there?",
        "The company headcount and 14 seasonal hires are given, but not the size of the Care team.",
    ),
    u(
        "What is the warranty on refurbished Kettlewick appliances?",
        "Refurbished items are mentioned, but no warranty for buying one is stated.",
    ),
]


#: The values an answer must state, for questions whose reference answer also carries context (a calculation's
#: parts, a delivery time beside a price, a range beside the suggested setting). ``bedrock_course.scoring`` uses
#: them instead of every number of the reference; the build checks each one appears in its reference answer.
KEY_VALUES: dict[str, tuple[str, ...]] = {
    "How many grind settings does the Millstone Burr Grinder have?": ("40",),
    "What is the shipping rate to Canada?": ("$19",),
    "Where is Kettlewick's headquarters?": ("Alder Falls",),
    "I live in Toronto. What will delivery set me back?": ("$19",),
    "Someone gave me a voucher for your shop three years ago. Is it still good?": ("never expire",),
    "How big a batch of iced-coffee concentrate does the fridge jug make?": ("1 liter",),
    "How much does standard shipping cost?": ("$5.95",),
    "Which iPhone software version does the Kettlewick app need?": ("iOS 16",),
    "I'm buying a Foundry Espresso Machine and a Millstone Burr Grinder."
    " What's the total before tax, and do I pay for standard shipping?": (
        "$878",
        "free",
    ),
    "If I trade in my old espresso machine toward a Foundry Duo, what do I pay?": ("$1,049",),
    "I'm a Roast Club member. What would the Ember Kettle 2 cost me?": ("$116.10",),
    "How much more does the Ember Kettle 2 cost than the original Ember Pour-Over Kettle?": ("$50",),
    "My Foundry Espresso Machine was delivered on May 10, 2026 and I never registered it."
    " If it breaks in November 2027, is it covered?": ("May 10, 2028",),
    "What is the total for a Ledger Brew Scale with next-day shipping?": ("$81",),
    "I live in Germany and want a Millstone Pro."
    " What do I pay for the grinder and shipping, and is VAT due on delivery?": ("$328",),
    "My water is hard. How many Clearwell kits do I need a year for my Foundry?": ("three kits",),
    "How much coffee and which Millstone setting should I use for a batch in the Drift?": ("150 grams", "34"),
    "I only make espresso and weigh every dose."
    " Which Kettlewick grinder fits, and how much more is it than the other one?": (
        "Millstone Pro",
        "$120",
    ),
    "What do a Foundry Espresso Machine, a pack of water filters and a Clearwell kit cost together?": ("$732",),
    "What would it cost to have worn burrs replaced on an out-of-warranty Millstone Burr Grinder?": ("$78",),
    "How much are two Roast Club bags a month for a year, and what appliance discount comes with it?": ("$432",),
}
