"""A labelled set for checking an embedding backend: (anchor, paraphrase, unrelated) triples in everyday English
and in the course's domain (customer support policies, prices, cloud and machine-learning vocabulary).

:func:`paraphrase_accuracy` is the share of triples where the paraphrase lands nearer the anchor than the unrelated
text does; docs/localbedrock.md reports the default encoder's figure.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from localbedrock.embeddings import HashingEncoder, TextEncoder

TRIPLES: tuple[tuple[str, str, str], ...] = (
    (
        "How do I get a refund?",
        "What is the process for getting my money back as a reimbursement?",
        "The tent sleeps two people.",
    ),
    (
        "Can I return an item after 30 days?",
        "Is it possible to send a product back after thirty days?",
        "Our office opens at 9 am.",
    ),
    ("What does shipping cost?", "How much is the delivery fee?", "Reset your password from the account page."),
    ("My order arrived damaged.", "The package was broken when it was delivered.", "We offer discounts to students."),
    (
        "How long does delivery take?",
        "When will my shipment arrive and how many days does shipping take?",
        "The jacket is waterproof.",
    ),
    ("Do you ship to Canada?", "Can you deliver orders to Canada?", "The warranty covers manufacturing defects."),
    (
        "What is the warranty period for tents?",
        "How long is the guarantee on a tent?",
        "Free shipping on orders over $75.",
    ),
    ("How do I cancel my subscription?", "I want to terminate my membership plan.", "The store sells hiking boots."),
    ("I forgot my password.", "I cannot remember my account password.", "Shipping to Alaska takes longer."),
    ("Is there a student discount?", "Do students get a coupon or promo price?", "The sleeping bag weighs 1.2 kg."),
    (
        "The customer is angry about a late delivery.",
        "A client is furious because the shipment was delayed.",
        "Python 3.12 was released in October 2023.",
    ),
    (
        "Which employees can approve expenses?",
        "Which staff are allowed to approve an expense?",
        "The capital of Japan is Tokyo.",
    ),
    (
        "What is the price of the Trailblazer tent?",
        "How much does the Trailblazer tent cost?",
        "Refunds take ten business days.",
    ),
    ("The product is cheap.", "The item is inexpensive and affordable.", "The meeting starts at noon."),
    ("The service was excellent.", "The service was great and amazing.", "Please attach the invoice."),
    (
        "The zipper broke after one week.",
        "The zip was faulty and damaged within a week.",
        "Our support team answers questions by chat.",
    ),
    (
        "How do I contact customer support?",
        "How can I talk to someone in support for help?",
        "The tent pole is made of aluminium.",
    ),
    (
        "What is retrieval augmented generation?",
        "Explain retrieval-augmented generation (RAG).",
        "The jacket comes in three colours.",
    ),
    ("How does fine-tuning change a model?", "What does finetuning do to an LLM?", "Orders ship from Denver."),
    (
        "How many tokens does this prompt use?",
        "What is the token count of the prompt?",
        "The refund policy changed in 2025.",
    ),
    ("Embeddings map text to vectors.", "An embedding turns text into a vector.", "Returns must be unused."),
    (
        "Search the knowledge base for the policy.",
        "Retrieve the policy document from the knowledge base.",
        "The kids loved the movie.",
    ),
    ("Reduce the latency of the model.", "Make the model respond with less delay.", "The store is closed on Sundays."),
    (
        "What is the cost per 1,000 input tokens?",
        "How much is the price for a thousand input tokens?",
        "My car needs new tyres.",
    ),
    ("The doctor will see you now.", "The physician is ready to see you.", "Shipping is free over $75."),
    ("We bought a new house.", "We purchased a new home.", "The model was fine-tuned on 500 examples."),
    ("The car is very fast.", "The automobile is really quick.", "Please cite the sources you used."),
    ("I need help with my account.", "Can you assist me with my profile?", "The largest planet is Jupiter."),
    ("Start the ingestion job.", "Begin the ingestion job now.", "The coffee was cold."),
    ("The movie was terrible.", "The film was awful and bad.", "Our warehouse is in Ohio."),
    ("Is the tent waterproof?", "Will the tent keep the rain out, is it waterproof?", "How do I reset my password?"),
    (
        "When does the new returns policy take effect?",
        "From what date does the updated return policy apply?",
        "Kids love the playground.",
    ),
    (
        "How much does provisioned throughput cost per hour?",
        "What is the hourly price of provisioned throughput?",
        "The tent sleeps four.",
    ),
    (
        "Does the warranty cover water damage?",
        "Is damage from water covered by the guarantee?",
        "We sell gift cards online.",
    ),
    ("The children are playing outside.", "The kids are playing outdoors.", "Send the invoice by email."),
    (
        "Where can I find my order number?",
        "Where is the number of my order shown?",
        "Our CEO founded the company in 2019.",
    ),
    ("Please summarise this document.", "Give me a summary of this doc.", "The boots are on sale."),
    (
        "Can I change my delivery address?",
        "Is it possible to update the shipping address?",
        "The model has a knowledge cutoff.",
    ),
    (
        "What payment methods do you accept?",
        "Which ways to pay do you accept for a purchase?",
        "The trail is 12 km long.",
    ),
    ("The app keeps crashing.", "The application has an error and fails repeatedly.", "Our tents come with stakes."),
)

# Harder: the unrelated text shares surface words with the anchor but means something else.
HARD_TRIPLES: tuple[tuple[str, str, str], ...] = (
    ("How do I get a refund?", "How can I be reimbursed?", "How do I get a new password?"),
    ("What does shipping to Canada cost?", "How much is delivery to Canada?", "What does the Canada tent look like?"),
    ("The tent is too small for us.", "The tent is tiny for our group.", "The tent is in stock for us."),
    ("When was the returns policy updated?", "What date did the return rules change?", "When was the order shipped?"),
    ("Can I cancel my order?", "Is it possible to terminate my purchase?", "Can I track my order?"),
    ("The model answers quickly.", "The LLM responds fast.", "The model answers in French."),
    (
        "How many days do I have to return a jacket?",
        "What is the return window for a jacket?",
        "How many jackets do you have in stock?",
    ),
    (
        "Is the sleeping bag warm enough for winter?",
        "Will the sleeping bag keep me warm in winter?",
        "Is the sleeping bag on sale this winter?",
    ),
    (
        "Our customers are happy with support.",
        "Clients are pleased with our help desk.",
        "Our customers are in Canada.",
    ),
    ("The price of the boots went up.", "The boots cost more now.", "The boots went up the trail."),
    (
        "Who approves a refund over $500?",
        "Which employee can authorise reimbursements above $500?",
        "Who sells boots over $500?",
    ),
    (
        "Fine-tuning teaches the model a style.",
        "Finetuning trains the LLM to write in a consistent voice.",
        "Fine weather teaches the kids to play.",
    ),
)

# Held out: written after the encoder was last changed and measured once, never tuned against.
HELD_OUT_TRIPLES: tuple[tuple[str, str, str], ...] = (
    (
        "Can I exchange shoes that don't fit?",
        "Is it possible to swap boots that are the wrong size?",
        "Our blog posts new recipes.",
    ),
    (
        "How long is the battery life of the headlamp?",
        "How many hours does the headlamp battery last?",
        "Returns are free for members.",
    ),
    (
        "I was charged twice for one order.",
        "My card was billed two times for a single purchase.",
        "The backpack holds 40 litres.",
    ),
    ("Do you have a store in Chicago?", "Is there a shop I can visit in Chicago?", "The jacket is windproof."),
    (
        "The delivery driver left the box in the rain.",
        "The courier dropped the package outside while it was raining.",
        "Our prices include tax.",
    ),
    ("What is your privacy policy?", "How do you handle my personal data?", "The tent has two doors."),
    ("The stove will not light.", "The camping stove fails to ignite.", "We ship worldwide."),
    (
        "Is the model good at summarising long reports?",
        "Can the LLM summarize lengthy documents well?",
        "The store opens at ten.",
    ),
    ("How do I change my email address?", "Where can I update the e-mail on my account?", "The trail map is free."),
    ("My gloves are too small.", "The gloves I bought are tiny for my hands.", "The knowledge base was updated."),
    ("Which sleeping bag is warmest?", "What is your warmest sleeping bag?", "Please send the receipt."),
    ("The order never arrived.", "My package was not delivered.", "Which colours does the fleece come in?"),
)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    denominator = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / denominator if denominator else 0.0


def paraphrase_accuracy(
    encoder: TextEncoder | None = None, triples: Sequence[tuple[str, str, str]] = TRIPLES, dimensions: int = 1024
) -> float:
    """Share of ``triples`` where cos(anchor, paraphrase) > cos(anchor, unrelated) under ``encoder``."""
    encoder = encoder or HashingEncoder()
    wins = 0
    for anchor, paraphrase, unrelated in triples:
        a, p, u = encoder.encode([anchor, paraphrase, unrelated], dimensions)
        wins += cosine(a, p) > cosine(a, u)
    return wins / len(triples)
