"""Labelled claims for the questions about facts that changed between versions: what an answer can state, and which
passages support it.

A claim is one statement an answer to the question could make, true or not on the question's date: the current
return window (60 days) and the superseded ones (45 and 30 days) are three claims of the set ``return-window``.
Each claim has

* ``match``: the strings an answer that makes the claim contains (all of them, case-insensitive), short enough to
  recognise the claim however the answer is worded ("60 days");
* ``sources``: the versions whose fact it is, which decide whether it is correct for a question (correct when one of
  them is a relevant document of the question, wrong when they are all other versions of it);
* ``evidence``: every passage of the corpus that states it, as ``(doc_id, quote)`` like a question's passages,
  including memos and FAQs that restate it and later versions that mention it as history ("grew from 45 to 60
  days" states both). A claim is supported by retrieved passages when one of them holds an evidence quote whole.

The build checks every quote is an exact substring of its document and contains every match string, every source
has evidence, and a question's reference answer makes no wrong claim. Real evaluation extracts an answer's claims
with a model or by hand; recognising them by their strings is this course's transparent stand-in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus import render


@dataclass(frozen=True)
class Claim:
    claim: str
    match: tuple[str, ...]
    sources: tuple[str, ...]
    evidence: tuple[tuple[str, str], ...]


def c(claim: str, match: str | tuple[str, ...], *evidence: tuple[str, str], sources: tuple[str, ...]) -> Claim:
    return Claim(claim, (match,) if isinstance(match, str) else match, sources, evidence)


R1, R2, R3 = "policy-returns-v1", "policy-returns-v2", "policy-returns-v3"
S1, S2, S3 = "policy-shipping-v1", "policy-shipping-v2", "policy-shipping-v3"
W1, W2, W3 = "policy-warranty-v1", "policy-warranty-v2", "policy-warranty-v3"
H1, H2, H3 = "policy-support-hours-v1", "policy-support-hours-v2", "policy-support-hours-v3"
RETURNS_MEMO, CARRIER_MEMO, HOLIDAY_MEMO = "memo-returns-v2-rollout", "memo-carrier-switch", "memo-holiday-2026"

CLAIM_SETS: dict[str, tuple[Claim, ...]] = {
    "return-window": (
        c(
            "Items can be returned within {{ret_v1_window}} days of delivery.",
            "{{ret_v1_window}} days",
            (R1, "within {{ret_v1_window}} days of the delivery date"),
            (RETURNS_MEMO, "falls under version 1 and has {{ret_v1_window}} days"),
            sources=(R1,),
        ),
        c(
            "Items can be returned within {{ret_v2_window}} days of delivery.",
            "{{ret_v2_window}} days",
            (R2, "within {{ret_v2_window}} days of the delivery date"),
            (R2, "The return window grew from {{ret_v1_window}} to {{ret_v2_window}} days"),
            (RETURNS_MEMO, "The window is {{ret_v2_window}} days from delivery"),
            sources=(R2,),
        ),
        c(
            "Items can be returned within {{ret_v3_window}} days of delivery.",
            "{{ret_v3_window}} days",
            (R3, "You have {{ret_v3_window}} days from the delivery date"),
            (R3, "The return window grew from {{ret_v2_window}} to {{ret_v3_window}} days"),
            ("release-notes-app-4-2", "the window is {{ret_v3_window}} days"),
            (HOLIDAY_MEMO, "or {{ret_v3_window}} days after delivery"),
            sources=(R3,),
        ),
    ),
    "restocking-fee": (
        c(
            "A used grinder carries a {{ret_v1_restock}} restocking fee.",
            "{{ret_v1_restock}}",
            (R1, "subject to a {{ret_v1_restock}} restocking fee"),
            (R2, "the grinder restocking fee fell from {{ret_v1_restock}} to {{ret_v2_restock}}"),
            (RETURNS_MEMO, "The restocking fee for used grinders is {{ret_v2_restock}} (was {{ret_v1_restock}})"),
            sources=(R1,),
        ),
        c(
            "A used grinder carries a {{ret_v2_restock}} restocking fee.",
            "{{ret_v2_restock}}",
            (R2, "Used grinders carry a {{ret_v2_restock}} restocking fee"),
            (R2, "the grinder restocking fee fell from {{ret_v1_restock}} to {{ret_v2_restock}}"),
            (RETURNS_MEMO, "The restocking fee for used grinders is {{ret_v2_restock}}"),
            sources=(R2,),
        ),
        c(
            "No product carries a restocking fee, used grinders included.",
            "no restocking fee on any product",
            (R3, "There is no restocking fee on any product, including used grinders."),
            sources=(R3,),
        ),
    ),
    "return-label": (
        c(
            "A {{ret_v1_label}} label cost is deducted from the refund of a return that is not defective.",
            "{{ret_v1_label}}",
            (R1, "the label cost of {{ret_v1_label}} is deducted from your refund"),
            (R2, "the return label deduction fell from {{ret_v1_label}} to {{ret_v2_label}}"),
            (RETURNS_MEMO, "is {{ret_v2_label}} (was {{ret_v1_label}})"),
            sources=(R1,),
        ),
        c(
            "A {{ret_v2_label}} label cost is deducted from the refund of a return that is not defective.",
            "{{ret_v2_label}}",
            (R2, "the label cost of {{ret_v2_label}} is deducted from your refund"),
            (R2, "the return label deduction fell from {{ret_v1_label}} to {{ret_v2_label}}"),
            (RETURNS_MEMO, "The label deduction for non-defective returns is {{ret_v2_label}}"),
            sources=(R2,),
        ),
        c(
            "Every return comes with a free prepaid label.",
            "free prepaid label",
            (R3, "Every return now comes with a free prepaid label"),
            sources=(R3,),
        ),
    ),
    "refund-time": (
        c(
            "Refunds are issued within {{ret_v1_refund_days}} business days of inspection.",
            "{{ret_v1_refund_days}} business days",
            (R1, "we refund the original payment method within {{ret_v1_refund_days}} business days"),
            sources=(R1,),
        ),
        c(
            "Refunds are issued within {{ret_v2_refund_days}} business days of inspection.",
            "{{ret_v2_refund_days}} business days",
            (R2, "we refund the original payment method within {{ret_v2_refund_days}} business days"),
            (RETURNS_MEMO, "Refunds go out within {{ret_v2_refund_days}} business days of inspection."),
            sources=(R2,),
        ),
        c(
            "Refunds are issued within {{ret_v3_refund_days}} business days of inspection.",
            "{{ret_v3_refund_days}} business days",
            (R3, "we refund the original payment method within {{ret_v3_refund_days}} business days"),
            (R3, "refunds arrive within {{ret_v3_refund_days}} business days"),
            sources=(R3,),
        ),
    ),
    "standard-shipping-price": (
        c(
            "Standard shipping costs {{ship_v1_standard}}.",
            "{{ship_v1_standard}}",
            (S1, "| Standard | {{ship_v1_standard}} |"),
            sources=(S1,),
        ),
        c(
            "Standard shipping costs {{ship_v2_standard}}.",
            "{{ship_v2_standard}}",
            (S2, "| Standard | {{ship_v2_standard}} |"),
            (S3, "Standard shipping fell from {{ship_v2_standard}} to {{ship_v3_standard}}"),
            ("memo-q3-2026-care-metrics", "the old {{ship_v2_standard}} standard shipping rate"),
            sources=(S2,),
        ),
        c(
            "Standard shipping costs {{ship_v3_standard}}.",
            "{{ship_v3_standard}}",
            (S3, "| Standard | {{ship_v3_standard}} |"),
            (S3, "Standard shipping fell from {{ship_v2_standard}} to {{ship_v3_standard}}"),
            (CARRIER_MEMO, "standard shipping drops to {{ship_v3_standard}}"),
            (HOLIDAY_MEMO, "Standard ({{ship_v3_standard}}, free from {{ship_v3_free}})"),
            sources=(S3,),
        ),
    ),
    "free-shipping-threshold": (
        c(
            "Standard shipping is free on orders of {{ship_v1_free}} or more.",
            "{{ship_v1_free}}",
            (S1, "Standard shipping is free on orders of {{ship_v1_free}} or more"),
            sources=(S1,),
        ),
        c(
            "Standard shipping is free on orders of {{ship_v2_free}} or more.",
            "{{ship_v2_free}}",
            (S2, "Standard shipping is free on orders of {{ship_v2_free}} or more"),
            (S2, "the free-shipping threshold to {{ship_v2_free}}"),
            (S3, "free from {{ship_v3_free}} instead of {{ship_v2_free}}"),
            sources=(S2,),
        ),
        c(
            "Standard shipping is free on orders of {{ship_v3_free}} or more.",
            "{{ship_v3_free}}",
            (S3, "Standard shipping is free on orders of {{ship_v3_free}} or more"),
            (S3, "free from {{ship_v3_free}} instead of {{ship_v2_free}}"),
            (CARRIER_MEMO, "it is free from {{ship_v3_free}}"),
            (HOLIDAY_MEMO, "Standard ({{ship_v3_standard}}, free from {{ship_v3_free}})"),
            sources=(S3,),
        ),
    ),
    "express-shipping-price": (
        c(
            "Express shipping costs {{ship_v1_express}}.",
            "{{ship_v1_express}}",
            (S1, "| Express | {{ship_v1_express}} |"),
            sources=(S1,),
        ),
        c(
            "Express shipping costs {{ship_v2_express}}.",
            "{{ship_v2_express}}",
            (S2, "| Express | {{ship_v2_express}} |"),
            (S3, "express fell from {{ship_v2_express}} to {{ship_v3_express}}"),
            sources=(S2,),
        ),
        c(
            "Express shipping costs {{ship_v3_express}}.",
            "{{ship_v3_express}}",
            (S3, "| Express | {{ship_v3_express}} |"),
            (S3, "express fell from {{ship_v2_express}} to {{ship_v3_express}}"),
            (HOLIDAY_MEMO, "Express ({{ship_v3_express}})"),
            sources=(S3,),
        ),
    ),
    "alaska-hawaii": (
        c(
            "Kettlewick does not ship to Alaska or Hawaii.",
            "do not currently ship to Alaska",
            (S1, "We do not currently ship to Alaska, Hawaii or P.O. boxes."),
            (S2, "We do not currently ship to Alaska, Hawaii or P.O. boxes."),
            sources=(S1, S2),
        ),
        c(
            "Alaska and Hawaii orders pay a flat {{ship_v3_ak_hi}}.",
            "{{ship_v3_ak_hi}}",
            (S3, "We now ship to Alaska and Hawaii at a flat rate of {{ship_v3_ak_hi}} per order"),
            (CARRIER_MEMO, "Alaska and Hawaii orders pay a flat {{ship_v3_ak_hi}}."),
            sources=(S3,),
        ),
    ),
    "next-day": (
        c(
            "Next-day delivery costs {{ship_v3_nextday}}.",
            "{{ship_v3_nextday}}",
            (S3, "| Next-day | {{ship_v3_nextday}} |"),
            (CARRIER_MEMO, "Next-day shipping costs {{ship_v3_nextday}}"),
            (HOLIDAY_MEMO, "Next-day ({{ship_v3_nextday}})"),
            sources=(S3,),
        ),
    ),
    "carrier": (
        c(
            "US orders ship with {{carrier_old}}.",
            "{{carrier_old}}",
            (S1, "with our carrier partner {{carrier_old}}"),
            (S2, "Orders ship with our carrier partner {{carrier_old}}."),
            (CARRIER_MEMO, "{{carrier_new}} replaces {{carrier_old}} as our carrier"),
            sources=(S1, S2),
        ),
        c(
            "US orders ship with {{carrier_new}}.",
            "{{carrier_new}}",
            (S3, "with our new carrier partner {{carrier_new}}"),
            (CARRIER_MEMO, "{{carrier_new}} replaces {{carrier_old}} as our carrier"),
            (CARRIER_MEMO, "switching our carrier to {{carrier_new}}"),
            sources=(S3,),
        ),
    ),
    "warehouse": (
        c(
            "Orders ship from the warehouse in {{warehouse_old}}.",
            "Reno",
            (S1, "Orders ship from our warehouse in {{warehouse_old}}"),
            sources=(S1,),
        ),
        c(
            "Orders ship from the warehouse in {{warehouse_new}}.",
            "Columbus",
            (S3, "Orders ship from our warehouse in {{warehouse_new}}"),
            ("memo-warehouse-move", "all orders ship from {{warehouse_new}}"),
            (HOLIDAY_MEMO, "The warehouse in {{warehouse_new}} runs two shifts"),
            sources=(S3,),
        ),
    ),
    "espresso-warranty": (
        c(
            "An espresso machine is covered for {{war_v1_term}}.",
            "{{war_v1_term}}",
            (W1, "Every {{company}} appliance is covered for {{war_v1_term}} from the date of delivery"),
            (W2, "Espresso machines now have two years of cover instead of {{war_v1_term}}."),
            sources=(W1,),
        ),
        c(
            "An espresso machine is covered for {{war_v2_espresso}} (since version 3, when it is not registered).",
            "{{war_v2_espresso}}",
            (W2, "| Espresso machines (Foundry range) | {{war_v2_espresso}} |"),
            (W2, "Espresso machines now have {{war_v2_espresso}} of cover"),
            (W3, "| Espresso machines, not registered | {{war_v3_espresso_unregistered}} |"),
            ("product-foundry-espresso-v2", "and {{war_v3_espresso_unregistered}} otherwise"),
            sources=(W2, W3),
        ),
        c(
            "A registered espresso machine is covered for {{war_v3_espresso_registered}}.",
            "{{war_v3_espresso_registered}}",
            (W3, "| Espresso machines, registered within {{war_v3_register_days}} of delivery | three years |"),
            (W3, "extends the espresso machine warranty to {{war_v3_espresso_registered}}"),
            ("product-foundry-espresso-v2", "covered for {{war_v3_espresso_registered}} if you register it"),
            sources=(W3,),
        ),
    ),
    "grinder-warranty": (
        c(
            "A Millstone grinder is covered for {{war_v2_other}}.",
            "{{war_v2_other}}",
            (W1, "Every {{company}} appliance is covered for {{war_v1_term}} from the date of delivery"),
            (W2, "| All other appliances | {{war_v2_other}} |"),
            (W3, "Grinders and kettles move from {{war_v2_other}} to {{war_v3_grinder_kettle}}."),
            sources=(W1, W2),
        ),
        c(
            "A Millstone grinder is covered for {{war_v3_grinder_kettle}}.",
            "{{war_v3_grinder_kettle}}",
            (W3, "| Grinders and kettles | {{war_v3_grinder_kettle}} |"),
            (W3, "Grinders and kettles move from {{war_v2_other}} to {{war_v3_grinder_kettle}}."),
            sources=(W3,),
        ),
    ),
    "phone-hours": (
        c(
            "The phone line is open {{sup_v1_hours}}.",
            "9 a.m. to 5 p.m.",
            (H1, "Monday to Friday, 9 a.m. to 5 p.m. Eastern"),
            (H2, "Hours grew from {{sup_v1_hours}}"),
            sources=(H1,),
        ),
        c(
            "The phone line is open {{sup_v2_hours}}.",
            "Monday to Saturday, 8 a.m. to 8 p.m.",
            (H2, "{{sup_v2_hours}}. Live chat is new in this version."),
            (H2, "to {{sup_v2_hours}}. Live chat was added"),
            sources=(H2,),
        ),
        c(
            "The phone line is open {{sup_v3_phone_weekday}}.",
            "Monday to Friday, 8 a.m. to 8 p.m.",
            (H3, "- {{sup_v3_phone_weekday}}"),
            sources=(H3,),
        ),
    ),
    "chat": (
        c(
            "Kettlewick does not offer live chat.",
            "not offer live chat",
            (H1, "We do not offer live chat at this time."),
            sources=(H1,),
        ),
        c(
            "Live chat is open {{sup_v2_hours}}.",
            "Monday to Saturday, 8 a.m. to 8 p.m.",
            (H2, "or use live chat on {{website}}, {{sup_v2_hours}}"),
            sources=(H2,),
        ),
        c(
            "Chat is open 24 hours a day, every day.",
            "24 hours a day",
            (H3, "is open 24 hours a day, 7 days a week"),
            sources=(H3,),
        ),
    ),
    "email-response": (
        c(
            "Emails are answered within {{sup_v1_email_sla}}.",
            "{{sup_v1_email_sla}}",
            (H1, "We answer every email within {{sup_v1_email_sla}}."),
            (H2, "improved from {{sup_v1_email_sla}} to {{sup_v2_email_sla}}"),
            sources=(H1,),
        ),
        c(
            "Emails are answered within {{sup_v2_email_sla}}.",
            "{{sup_v2_email_sla}}",
            (H2, "We answer every email within {{sup_v2_email_sla}}."),
            (H2, "improved from {{sup_v1_email_sla}} to {{sup_v2_email_sla}}"),
            sources=(H2,),
        ),
        c(
            "Emails are answered within {{sup_v3_email_sla}}.",
            "{{sup_v3_email_sla}}",
            (H3, "We answer every email within {{sup_v3_email_sla}}"),
            (H3, "the email response target is now {{sup_v3_email_sla}}"),
            sources=(H3,),
        ),
    ),
    "price-match": (
        c(
            "Kettlewick matches a lower price from an authorized retailer.",
            "we will match that price",
            ("policy-price-match-v1", "advertised for less by an authorized retailer, we will match that price"),
            sources=("policy-price-match-v1",),
        ),
        c(
            "Kettlewick no longer matches other retailers' prices.",
            "no longer matches",
            ("policy-price-match-v2", "no longer matches prices offered by other retailers"),
            sources=("policy-price-match-v2",),
        ),
    ),
    "points-reward": (
        c(
            "A {{loy_reward}} reward takes {{loy_v1_redeem}}.",
            "{{loy_v1_redeem}}",
            ("policy-loyalty-v1", "Every {{loy_v1_redeem}} can be redeemed for a {{loy_reward}} reward"),
            ("policy-loyalty-v2", "now costs {{loy_v2_redeem}} instead of {{loy_v1_redeem}}"),
            sources=("policy-loyalty-v1",),
        ),
        c(
            "A {{loy_reward}} reward takes {{loy_v2_redeem}}.",
            "{{loy_v2_redeem}}",
            ("policy-loyalty-v2", "Every {{loy_v2_redeem}} can be redeemed for a {{loy_reward}} reward"),
            ("policy-loyalty-v2", "now costs {{loy_v2_redeem}} instead of {{loy_v1_redeem}}"),
            sources=("policy-loyalty-v2",),
        ),
    ),
    "points-expiry": (
        c(
            "Wick Points expire {{loy_v1_expiry}}.",
            "{{loy_v1_expiry}}",
            ("policy-loyalty-v1", "Points expire {{loy_v1_expiry}}."),
            ("policy-loyalty-v2", "Points used to expire {{loy_v1_expiry}}"),
            sources=("policy-loyalty-v1",),
        ),
        c(
            "Wick Points expire only after {{loy_v2_expiry}}.",
            "{{loy_v2_expiry}}",
            ("policy-loyalty-v2", "Your whole balance expires only after {{loy_v2_expiry}}"),
            ("policy-loyalty-v2", "now they expire only after {{loy_v2_expiry}}"),
            ("faq-roast-club-loyalty", "Your balance expires only after {{loy_v2_expiry}}."),
            sources=("policy-loyalty-v2",),
        ),
    ),
    "roast-club-price": (
        c(
            "A Roast Club bag costs {{rc_v1_price}}.",
            "{{rc_v1_price}}",
            ("policy-roast-club-v1", "Each {{rc_bag}} bag costs {{rc_v1_price}}, shipping included."),
            ("policy-roast-club-v2", "The price per bag rose from {{rc_v1_price}} to {{rc_v2_price}}"),
            ("memo-roast-club-price", "goes from {{rc_v1_price}} to {{rc_v2_price}}"),
            sources=("policy-roast-club-v1",),
        ),
        c(
            "A Roast Club bag costs {{rc_v2_price}}.",
            "{{rc_v2_price}}",
            ("policy-roast-club-v2", "Each {{rc_bag}} bag costs {{rc_v2_price}}, shipping included."),
            ("policy-roast-club-v2", "The price per bag rose from {{rc_v1_price}} to {{rc_v2_price}}"),
            ("memo-roast-club-price", "goes from {{rc_v1_price}} to {{rc_v2_price}}"),
            sources=("policy-roast-club-v2",),
        ),
    ),
    "roast-club-skips": (
        c(
            "At most {{rc_v1_skips}} can be skipped.",
            "two shipments in a row",
            ("policy-roast-club-v1", "You may skip up to {{rc_v1_skips}}."),
            ("policy-roast-club-v2", "at most {{rc_v1_skips}}"),
            sources=("policy-roast-club-v1",),
        ),
        c(
            "Skips are unlimited.",
            "unlimited",
            ("policy-roast-club-v2", "Skips are now unlimited"),
            ("faq-roast-club-loyalty", "Skips are unlimited under the current Roast Club terms."),
            ("memo-roast-club-price", "Members now get unlimited skips"),
            sources=("policy-roast-club-v2",),
        ),
    ),
    "roast-club-notice": (
        c(
            "Changes and cancellations need {{rc_v1_notice}} before the billing date, the {{rc_v1_billing_day}}.",
            "{{rc_v1_notice}}",
            ("policy-roast-club-v1", "at least {{rc_v1_notice}} before your billing date"),
            ("policy-roast-club-v2", "the notice for changes fell from {{rc_v1_notice}} to {{rc_v2_notice}}"),
            sources=("policy-roast-club-v1",),
        ),
        c(
            "Changes and cancellations need {{rc_v2_notice}} before the billing date, the {{rc_v2_billing_day}}.",
            "{{rc_v2_notice}}",
            ("policy-roast-club-v2", "at least {{rc_v2_notice}} before your billing date"),
            ("policy-roast-club-v2", "the notice for changes fell from {{rc_v1_notice}} to {{rc_v2_notice}}"),
            ("memo-roast-club-price", "a shorter change deadline of {{rc_v2_notice}}"),
            sources=("policy-roast-club-v2",),
        ),
    ),
    "transcripts": (
        c(
            "Chat transcripts are kept for {{priv_v1_transcripts}}.",
            "{{priv_v1_transcripts}}",
            ("policy-privacy-v1", "| Email and chat transcripts | {{priv_v1_transcripts}} |"),
            ("policy-privacy-v2", "kept for {{priv_v2_transcripts}} instead of {{priv_v1_transcripts}}"),
            sources=("policy-privacy-v1",),
        ),
        c(
            "Chat transcripts are kept for {{priv_v2_transcripts}}.",
            "{{priv_v2_transcripts}}",
            ("policy-privacy-v2", "| Email, chat and assistant transcripts | {{priv_v2_transcripts}} |"),
            ("policy-privacy-v2", "kept for {{priv_v2_transcripts}} instead of {{priv_v1_transcripts}}"),
            sources=("policy-privacy-v2",),
        ),
    ),
    "call-recordings": (
        c(
            "Phone call recordings are kept for {{priv_v1_calls}}.",
            "{{priv_v1_calls}}",
            ("policy-privacy-v1", "| Phone call recordings | {{priv_v1_calls}} |"),
            ("policy-privacy-v2", "call recordings for {{priv_v2_calls}} instead of {{priv_v1_calls}}"),
            sources=("policy-privacy-v1",),
        ),
        c(
            "Phone call recordings are kept for {{priv_v2_calls}}.",
            "{{priv_v2_calls}}",
            ("policy-privacy-v2", "| Phone call recordings | {{priv_v2_calls}} |"),
            ("policy-privacy-v2", "call recordings for {{priv_v2_calls}} instead of {{priv_v1_calls}}"),
            sources=("policy-privacy-v2",),
        ),
    ),
    "ember-kettle-price": (
        c(
            "The {{ek1_name}} costs {{ek1_price_v1}}.",
            "{{ek1_price_v1}}",
            ("product-ember-kettle-v1", "Price: {{ek1_price_v1}}."),
            ("product-ember-kettle-v2", "(was {{ek1_price_v1}})"),
            sources=("product-ember-kettle-v1",),
        ),
        c(
            "The {{ek1_name}} costs {{ek1_price_v2}}.",
            "{{ek1_price_v2}}",
            ("product-ember-kettle-v2", "Price: {{ek1_price_v2}} (was {{ek1_price_v1}})."),
            ("product-ember-kettle-v2", "stays in the range at a lower price of {{ek1_price_v2}}"),
            sources=("product-ember-kettle-v2",),
        ),
    ),
    "foundry-price": (
        c(
            "The {{fe1_name}} costs {{fe1_price_v1}}.",
            "{{fe1_price_v1}}",
            ("product-foundry-espresso-v1", "Price: {{fe1_price_v1}}."),
            ("product-foundry-espresso-v2", "(was {{fe1_price_v1}})"),
            sources=("product-foundry-espresso-v1",),
        ),
        c(
            "The {{fe1_name}} costs {{fe1_price_v2}}.",
            "{{fe1_price_v2}}",
            ("product-foundry-espresso-v2", "Price: {{fe1_price_v2}} (was {{fe1_price_v1}})."),
            ("product-foundry-espresso-v2", "the {{fe1_name}} costs {{fe1_price_v2}}"),
            sources=("product-foundry-espresso-v2",),
        ),
    ),
    "eco-mode": (
        c(
            "Eco mode switches a Foundry off after 60 minutes without use by default.",
            "60 minutes",
            ("release-notes-foundry-firmware-1-6", "The default is 60 minutes."),
            sources=("release-notes-foundry-firmware-1-6",),
        ),
        c(
            "Eco mode switches a Foundry off after 30 minutes without use by default.",
            "30 minutes",
            ("release-notes-foundry-firmware-2-0", "The default eco mode timeout is now 30 minutes instead of 60."),
            sources=("release-notes-foundry-firmware-2-0",),
        ),
    ),
    "app-ios": (
        c(
            "The Kettlewick app needs iOS 15 or later.",
            "iOS 15",
            ("release-notes-app-3-0", "iOS 15 or later"),
            ("release-notes-app-3-4", "iOS 15 or later"),
            sources=("release-notes-app-3-0", "release-notes-app-3-4"),
        ),
        c(
            "The Kettlewick app needs {{app_v4_min_ios}} or later.",
            "{{app_v4_min_ios}}",
            ("release-notes-app-4-0", "The app now needs {{app_v4_min_ios}} or later"),
            ("release-notes-app-4-2", "{{app_v4_min_ios}} or later"),
            ("faq-app-account", "the {{company}} app needs {{app_v4_min_ios}} or later"),
            sources=("release-notes-app-4-0",),
        ),
    ),
}


def _contains(text: str, part: str) -> bool:
    return part.lower() in text.lower()


def check(bodies: dict[str, str]) -> None:
    """ValueError unless every evidence quote is an exact substring of its document that states each match string,
    and every source has evidence; ``bodies`` maps doc_id to the rendered document."""
    for name, claims in CLAIM_SETS.items():
        for claim in claims:
            for doc_id, template in claim.evidence:
                quote = render(template)
                if quote not in bodies[doc_id]:
                    raise ValueError(f"claim set {name}: quote not in {doc_id}: {quote!r}")
                missing = [m for m in map(render, claim.match) if not _contains(quote, m)]
                if missing:
                    raise ValueError(f"claim set {name}: {quote!r} does not state {missing}")
            if not set(claim.sources) <= {doc_id for doc_id, _ in claim.evidence}:
                raise ValueError(f"claim set {name}: a source of {claim.claim!r} has no evidence")


def records(names: tuple[str, ...], question: dict) -> list[dict]:
    """The labelled claims of a question record: correct when a source is one of its relevant documents, wrong when
    every source is another version of them. The reference answer must make no wrong claim (outside the remarks
    in parentheses that recall an old value: "$79 (it was $89)")."""
    reference = re.sub(r"\([^)]*\)", " ", question["reference_answer"])
    out = []
    for name in names:
        for claim in CLAIM_SETS[name]:
            correct = any(doc_id in question["relevant_doc_ids"] for doc_id in claim.sources)
            if not correct and not set(claim.sources) <= set(question["other_version_doc_ids"]):
                raise ValueError(f"{question['id']}: the sources of {claim.claim!r} are not other versions")
            match = [render(m) for m in claim.match]
            if not correct and all(_contains(reference, m) for m in match):
                raise ValueError(f"{question['id']}: the reference answer makes the wrong claim {claim.claim!r}")
            evidence = [{"doc_id": doc_id, "quote": render(quote)} for doc_id, quote in claim.evidence]
            out.append({"claim": render(claim.claim), "match": match, "correct": correct, "evidence": evidence})
    return out
