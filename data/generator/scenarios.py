"""Decision scenarios: business cases with structured attributes and a reference recommendation.

The attributes are the dimensions of the course's decision framework; ``driving_factors`` names the ones that
decide each case, and ``why_not`` explains each option that was not chosen, so a quiz can explain every answer.
"""

from __future__ import annotations

from dataclasses import astuple, dataclass

RECOMMENDATIONS = ("prompting", "rag", "fine-tuning", "hybrid")
CHANGE_FREQUENCIES = ("static", "yearly", "quarterly", "monthly", "weekly", "daily", "real-time")
LEVELS = ("low", "medium", "high")
SENSITIVITIES = ("public", "internal", "confidential", "regulated")
REGIONS = ("none", "us-only", "eu-only")
DEPLOYMENTS = ("none", "private-network", "on-demand-only")
ATTRIBUTES = (
    "knowledge_change_frequency",
    "citations_required",
    "latency_p95_ms",
    "requests_per_day",
    "monthly_budget_usd",
    "style_consistency_need",
    "labelled_examples",
    "data_sensitivity",
    "region_constraint",
    "deployment_constraint",
    "time_to_launch_weeks",
    "interactive",
    "shared_prompt_tokens",
)
# What a scenario that leaves them out means: someone waits for each answer, and no long prefix repeats.
DEFAULTS = {"interactive": True, "shared_prompt_tokens": 0}


@dataclass(frozen=True)
class A:
    """The attributes of one scenario; records() publishes them under the names in ATTRIBUTES."""

    change: str
    citations: bool
    p95_ms: int
    per_day: int
    budget: int
    style: str
    labelled: int
    sensitivity: str
    region: str
    deployment: str
    weeks: int
    interactive: bool = DEFAULTS["interactive"]  # False: answers may wait up to a day (batch inference)
    shared_tokens: int = DEFAULTS["shared_prompt_tokens"]  # a fixed prefix every prompt repeats (prompt caching)


@dataclass(frozen=True)
class Scenario:
    title: str
    description: str
    attributes: A
    recommendation: str
    factors: tuple[str, ...]
    rationale: str
    why_not: dict[str, str]
    classic: bool = False


S = Scenario
SCENARIOS: tuple[Scenario, ...] = (
    S(
        title="Electronics retailer price assistant",
        description=(
            "A consumer-electronics retailer wants a chat assistant that answers questions about "
            "prices, stock and promotions across 30,000 products. Prices and promotions change every "
            "day."
        ),
        attributes=A(
            change="daily",
            citations=False,
            p95_ms=3_000,
            per_day=40_000,
            budget=8_000,
            style="medium",
            labelled=0,
            sensitivity="public",
            region="none",
            deployment="none",
            weeks=6,
        ),
        recommendation="rag",
        factors=("knowledge_change_frequency", "labelled_examples"),
        rationale=(
            "Facts change daily, so they must be looked up at request time: re-indexing a knowledge "
            "base each night keeps answers current, while any fine-tuned model would be stale the "
            "next morning. There are no labelled examples to train on anyway."
        ),
        why_not={
            "prompting": "The catalogue is far too large and changes too often to paste into a prompt.",
            "fine-tuning": "Weights frozen at training time cannot follow daily price changes.",
            "hybrid": ("No style requirement justifies the cost and effort of a custom model on top of retrieval."),
        },
        classic=True,
    ),
    S(
        title="Cosmetics brand product copy",
        description=(
            "A cosmetics brand generates product descriptions in a very recognisable brand voice. Its "
            "copy team has 5,000 approved descriptions; product facts are supplied in each request."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=5_000,
            per_day=3_000,
            budget=3_000,
            style="high",
            labelled=5_000,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=10,
        ),
        recommendation="fine-tuning",
        factors=("style_consistency_need", "labelled_examples", "knowledge_change_frequency"),
        rationale=(
            "The hard part is the voice, not the facts, which arrive in the request. 5,000 approved "
            "examples are enough to teach the style, and the facts hardly change. Measure a few-shot "
            "prompting baseline first; fine-tune when it falls short of the voice."
        ),
        why_not={
            "prompting": (
                "A few-shot prompt is the baseline to beat, but a handful of examples rarely holds a "
                "distinctive voice over thousands of outputs."
            ),
            "rag": "There is nothing to retrieve: the facts come with each request.",
            "hybrid": "Retrieval adds latency and cost without adding knowledge the model needs.",
        },
        classic=True,
    ),
    S(
        title="Insurance claims triage tickets",
        description=(
            "An insurer wants incoming claims turned into strict JSON tickets whose coverage fields "
            "must match the current policy wording. Policy documents change monthly; 2,000 correctly "
            "triaged tickets exist."
        ),
        attributes=A(
            change="monthly",
            citations=True,
            p95_ms=4_000,
            per_day=12_000,
            budget=6_000,
            style="high",
            labelled=2_000,
            sensitivity="confidential",
            region="none",
            deployment="none",
            weeks=12,
        ),
        recommendation="hybrid",
        factors=("knowledge_change_frequency", "style_consistency_need", "citations_required", "labelled_examples"),
        rationale=(
            "Two needs pull in two directions: current policy facts with citations (retrieval) and a "
            "strict ticket format (fine-tuning on 2,000 examples). A fine-tuned model for the format, "
            "fed retrieved policy passages for the facts, covers both."
        ),
        why_not={
            "prompting": ("Neither the current policy wording nor a reliable strict format comes from a prompt alone."),
            "rag": "Retrieval gets the facts right, but format errors remain costly at 12,000 tickets a day.",
            "fine-tuning": "A model trained on last month's policies answers with stale coverage rules.",
        },
        classic=True,
    ),
    S(
        title="Two-week meeting-notes prototype",
        description=(
            "A product team wants a demo that summarises meeting notes for a leadership review in two "
            "weeks. The notes are pasted in by the user."
        ),
        attributes=A(
            change="static",
            citations=False,
            p95_ms=8_000,
            per_day=50,
            budget=200,
            style="low",
            labelled=0,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=2,
        ),
        recommendation="prompting",
        factors=("time_to_launch_weeks", "labelled_examples", "requests_per_day"),
        rationale=(
            "Two weeks, no labelled data and 50 requests a day: a good system prompt and a capable "
            "model deliver the demo now. Everything the model needs is in the request."
        ),
        why_not={
            "rag": "There is no document collection to search; the notes come with the request.",
            "fine-tuning": "There is no data to train on and no time to collect it.",
            "hybrid": "Far more effort than a prototype deserves.",
        },
        classic=True,
    ),
    S(
        title="Telco call routing at high volume",
        description=(
            "A telecom operator classifies spoken requests into 20 fixed routing intents for its "
            "phone system. It needs a p95 under 400 ms at 1.5 million requests a day and has 30,000 "
            "labelled utterances."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=400,
            per_day=1_500_000,
            budget=20_000,
            style="medium",
            labelled=30_000,
            sensitivity="internal",
            region="us-only",
            deployment="none",
            weeks=16,
        ),
        recommendation="fine-tuning",
        factors=("latency_p95_ms", "requests_per_day", "labelled_examples", "knowledge_change_frequency"),
        rationale=(
            "Fixed intents, a tight latency budget and huge volume favour a small fine-tuned model: "
            "it needs no few-shot examples in the prompt (fewer tokens, lower latency and cost), and "
            "30,000 labels are plenty. Serve it with on-demand custom-model deployment in a supported "
            "US region rather than provisioned throughput, unless the volume keeps capacity busy."
        ),
        why_not={
            "prompting": "Few-shot prompts for 20 intents inflate every request's tokens, cost and latency.",
            "rag": "No knowledge needs looking up, and retrieval adds a round trip to a 400 ms budget.",
            "hybrid": "The retrieval half adds latency without any benefit.",
        },
        classic=True,
    ),
    S(
        title="Bank compliance procedures Q&A",
        description=(
            "A bank's compliance staff ask questions about internal procedures. Internal audit "
            "requires every answer to cite the procedure document and section it came from. "
            "Procedures are revised quarterly."
        ),
        attributes=A(
            change="quarterly",
            citations=True,
            p95_ms=5_000,
            per_day=800,
            budget=2_500,
            style="low",
            labelled=0,
            sensitivity="regulated",
            region="none",
            deployment="private-network",
            weeks=8,
        ),
        recommendation="rag",
        factors=("citations_required", "knowledge_change_frequency", "data_sensitivity"),
        rationale=(
            "Auditors need citations, and only retrieval can point to the passage an answer came "
            "from. Quarterly revisions are handled by re-ingesting documents; the knowledge base and "
            "model are reachable over private endpoints."
        ),
        why_not={
            "prompting": "Without the documents in context, answers cannot be cited or trusted.",
            "fine-tuning": (
                "A fine-tuned model cannot say where an answer came from, and quarterly changes would need retraining."
            ),
            "hybrid": "No style or format requirement justifies training a model.",
        },
        classic=True,
    ),
    S(
        title="HR letters at 200 requests a day in the EU",
        description=(
            "A 300-person company's HR team wants letters in its own tone and has 800 example "
            "letters. It sends about 200 requests a day, must stay in an EU region, and has a budget "
            "of $300 a month."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=10_000,
            per_day=200,
            budget=300,
            style="high",
            labelled=800,
            sensitivity="confidential",
            region="eu-only",
            deployment="none",
            weeks=6,
        ),
        recommendation="prompting",
        factors=("monthly_budget_usd", "requests_per_day", "region_constraint"),
        rationale=(
            "In an EU-only setup without on-demand serving for custom models, a fine-tuned model "
            "needs provisioned throughput: about $20.50 an hour, roughly $15,000 a month, idle or "
            "not. Two hundred requests a day cost cents on demand. A few-shot prompt with three or "
            "four of the example letters is the affordable way to the tone; keep the rest as an "
            "evaluation set."
        ),
        why_not={
            "rag": "There is no changing knowledge to retrieve.",
            "fine-tuning": "The serving cost (provisioned throughput) is 50 times the budget for a low-volume job.",
            "hybrid": "Inherits the provisioned-throughput cost of the fine-tuned model.",
        },
        classic=True,
    ),
    S(
        title="Kettlewick support assistant",
        description=(
            "Kettlewick, the course's fictional coffee-equipment maker, wants a support assistant in "
            "chat. Policies change several times a year, answers must cite the current policy, "
            "replies must match the Kettlewick Care house style, and 380 styled example replies "
            "exist."
        ),
        attributes=A(
            change="monthly",
            citations=True,
            p95_ms=2_000,
            per_day=6_000,
            budget=1_500,
            style="high",
            labelled=380,
            sensitivity="internal",
            region="us-only",
            deployment="none",
            weeks=10,
        ),
        recommendation="hybrid",
        factors=("knowledge_change_frequency", "citations_required", "style_consistency_need"),
        rationale=(
            "Retrieval over the current policy documents keeps facts current and cited; a model "
            "fine-tuned on the house-style replies keeps the tone. The fine-tuned model alone would "
            "repeat the policies it was trained on, which changed after the training snapshot."
        ),
        why_not={
            "prompting": (
                "The model does not know Kettlewick's policies, and instructions alone drift from the house format."
            ),
            "rag": (
                "Facts and citations are right, but style consistency is a stated requirement; try a "
                "style prompt first, and fine-tune when it is not enough."
            ),
            "fine-tuning": "Trained replies freeze the returns window and shipping rates of the snapshot date.",
        },
    ),
    S(
        title="Contract clause extraction",
        description=(
            "A law firm extracts 40 clause types from commercial contracts into a fixed JSON schema. "
            "The contract is supplied with each request; 12,000 reviewed extractions exist."
        ),
        attributes=A(
            change="static",
            citations=False,
            p95_ms=15_000,
            per_day=50_000,
            budget=12_000,
            style="high",
            labelled=12_000,
            sensitivity="confidential",
            region="none",
            deployment="private-network",
            weeks=14,
        ),
        recommendation="fine-tuning",
        factors=("style_consistency_need", "labelled_examples", "requests_per_day"),
        rationale=(
            "The document arrives with the request, so there is nothing to retrieve; the difficulty "
            "is a consistent schema over 40 clause types. 12,000 reviewed examples support "
            "fine-tuning, and at 50,000 requests a day shorter prompts without examples save real "
            "money."
        ),
        why_not={
            "prompting": "A long schema plus examples in every prompt is costly at this volume and still drifts.",
            "rag": "The source document is already in the request.",
            "hybrid": "Retrieval would add nothing the request does not already contain.",
        },
    ),
    S(
        title="Pharmacy drug-interaction answers",
        description=(
            "A pharmacy chain's pharmacists ask about drug interactions. The interaction database is "
            "updated weekly and every answer must cite the monograph it relies on."
        ),
        attributes=A(
            change="weekly",
            citations=True,
            p95_ms=3_000,
            per_day=5_000,
            budget=4_000,
            style="low",
            labelled=0,
            sensitivity="regulated",
            region="us-only",
            deployment="private-network",
            weeks=10,
        ),
        recommendation="rag",
        factors=("knowledge_change_frequency", "citations_required", "data_sensitivity"),
        rationale=(
            "Weekly updates and mandatory citations point to retrieval over the monographs, re-ingested each week."
        ),
        why_not={
            "prompting": "The model's own knowledge is out of date and uncitable.",
            "fine-tuning": "Weekly retraining is impractical, and the model could not cite its sources.",
            "hybrid": "No style requirement calls for a custom model.",
        },
    ),
    S(
        title="Internal IT helpdesk",
        description=(
            "A 2,000-person company wants answers to IT questions from its wiki, which changes weekly. Budget is tight."
        ),
        attributes=A(
            change="weekly",
            citations=False,
            p95_ms=4_000,
            per_day=1_500,
            budget=500,
            style="low",
            labelled=0,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=4,
        ),
        recommendation="rag",
        factors=("knowledge_change_frequency", "monthly_budget_usd"),
        rationale=(
            "The answers live in a wiki that changes weekly; a knowledge base over it is cheap at "
            "1,500 requests a day and stays current with scheduled ingestion."
        ),
        why_not={
            "prompting": "The wiki is too large for a prompt.",
            "fine-tuning": "Weekly changes would make the model stale, and training costs exceed the budget.",
            "hybrid": "No style need, and the budget is small.",
        },
    ),
    S(
        title="UI string translation in product tone",
        description=(
            "A software company translates interface strings into eight languages in its product's "
            "terse tone. It has 20,000 approved translations; the glossary changes once a year."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=2_000,
            per_day=30_000,
            budget=5_000,
            style="high",
            labelled=20_000,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=12,
        ),
        recommendation="fine-tuning",
        factors=("style_consistency_need", "labelled_examples"),
        rationale=(
            "Consistent tone and terminology across 30,000 strings a day is what fine-tuning on "
            "20,000 approved translations teaches best."
        ),
        why_not={
            "prompting": "A prompt cannot carry the whole glossary and tone examples for eight languages cheaply.",
            "rag": "Terminology changes yearly; retrieval is unnecessary overhead.",
            "hybrid": "Only worthwhile if the glossary started changing often.",
        },
    ),
    S(
        title="Live sports recaps",
        description=(
            "A sports site wants short recaps answering fans' questions about games in progress, from "
            "a live feed of scores and play-by-play."
        ),
        attributes=A(
            change="real-time",
            citations=False,
            p95_ms=2_500,
            per_day=200_000,
            budget=15_000,
            style="medium",
            labelled=0,
            sensitivity="public",
            region="none",
            deployment="none",
            weeks=6,
        ),
        recommendation="rag",
        factors=("knowledge_change_frequency", "labelled_examples"),
        rationale=(
            "Facts change by the second; they must be fetched and injected at request time from the "
            "live feed. Nothing about a game in progress can be learned in advance."
        ),
        why_not={
            "prompting": "The model cannot know live scores.",
            "fine-tuning": "Training cannot keep up with facts that change in seconds.",
            "hybrid": "No labelled examples and only a medium style need.",
        },
    ),
    S(
        title="One-off survey classification",
        description=(
            "A research team must sort 10,000 open survey answers into 8 themes within three weeks. "
            "There are no labelled answers; latency does not matter."
        ),
        attributes=A(
            change="static",
            citations=False,
            p95_ms=60_000,
            per_day=1_000,
            budget=300,
            style="medium",
            labelled=0,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=3,
            interactive=False,
        ),
        recommendation="prompting",
        factors=("time_to_launch_weeks", "labelled_examples", "latency_p95_ms"),
        rationale=(
            "A one-off job with no labels: a clear prompt with theme definitions, run in batch for "
            "half the price, and checked on a hand-labelled sample."
        ),
        why_not={
            "rag": "There is no knowledge to look up.",
            "fine-tuning": "There are no labels, and the job is over before a model could be trained.",
            "hybrid": "All cost, no benefit for a one-off job.",
        },
    ),
    S(
        title="Medical coding suggestions",
        description=(
            "A hospital group suggests billing codes from clinical notes. The code set and coding "
            "guidelines change every year, suggestions must cite the guideline applied, and 50,000 "
            "coded notes exist."
        ),
        attributes=A(
            change="yearly",
            citations=True,
            p95_ms=5_000,
            per_day=20_000,
            budget=15_000,
            style="high",
            labelled=50_000,
            sensitivity="regulated",
            region="us-only",
            deployment="private-network",
            weeks=20,
        ),
        recommendation="hybrid",
        factors=("citations_required", "labelled_examples", "style_consistency_need"),
        rationale=(
            "The coding skill and output format are learned from 50,000 examples; the guideline text, "
            "which must be cited and changes yearly, is retrieved."
        ),
        why_not={
            "prompting": "Neither the skill nor the citations come from a prompt.",
            "rag": "Retrieval alone leaves coding accuracy to the base model.",
            "fine-tuning": "Cannot cite the guideline, and yearly changes would need retraining.",
        },
    ),
    S(
        title="Hotel concierge chatbot",
        description=(
            "A hotel chain wants a concierge chatbot for 120 properties. Amenities, opening hours and "
            "events change monthly per property, the brand tone is strict, and 2,000 approved replies "
            "exist."
        ),
        attributes=A(
            change="monthly",
            citations=False,
            p95_ms=2_500,
            per_day=25_000,
            budget=6_000,
            style="high",
            labelled=2_000,
            sensitivity="public",
            region="none",
            deployment="none",
            weeks=12,
        ),
        recommendation="hybrid",
        factors=("knowledge_change_frequency", "style_consistency_need", "labelled_examples"),
        rationale=(
            "Property facts change monthly (retrieval), while a strict brand tone with 2,000 approved "
            "replies is a fine-tuning job; at 25,000 requests a day a custom model's serving cost is "
            "justified."
        ),
        why_not={
            "prompting": "The model knows nothing about the properties.",
            "rag": "Facts are right but the brand tone drifts without training.",
            "fine-tuning": "Monthly property changes would go stale.",
        },
    ),
    S(
        title="Code review comments",
        description=(
            "An engineering team wants review comments in its conventions, written down in a 30-page "
            "style guide. It has 300 example comments and makes 400 requests a day."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=6_000,
            per_day=400,
            budget=400,
            style="high",
            labelled=300,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=3,
            shared_tokens=20_000,
        ),
        recommendation="prompting",
        factors=("requests_per_day", "labelled_examples", "monthly_budget_usd"),
        rationale=(
            "A 30-page guide fits in a modern context window, and prompt caching makes repeating it "
            "cheap. 300 examples and 400 requests a day do not justify a custom model."
        ),
        why_not={
            "rag": "The whole guide fits in the prompt; retrieval adds moving parts.",
            "fine-tuning": "Too few examples and too little volume to pay for training and serving.",
            "hybrid": "Complexity with no matching need.",
        },
    ),
    S(
        title="Product Q&A across 200,000 SKUs",
        description=(
            "A home-improvement retailer answers shoppers' questions from spec sheets for 200,000 "
            "products; spec sheets and stock change daily."
        ),
        attributes=A(
            change="daily",
            citations=False,
            p95_ms=2_000,
            per_day=150_000,
            budget=20_000,
            style="medium",
            labelled=0,
            sensitivity="public",
            region="none",
            deployment="none",
            weeks=8,
        ),
        recommendation="rag",
        factors=("knowledge_change_frequency", "requests_per_day"),
        rationale=(
            "A huge, daily-changing catalogue is what retrieval is for; answers use the spec sheet "
            "for the product in question."
        ),
        why_not={
            "prompting": "The catalogue cannot fit in a prompt.",
            "fine-tuning": "Daily changes and 200,000 products are beyond what training can keep current.",
            "hybrid": "No labelled data and only a medium style need.",
        },
    ),
    S(
        title="Game character dialogue",
        description=(
            "A game studio needs in-character lines for a non-player character with a fixed persona, "
            "at p95 under 300 ms and 2 million requests a day. 8,000 approved lines exist."
        ),
        attributes=A(
            change="static",
            citations=False,
            p95_ms=300,
            per_day=2_000_000,
            budget=25_000,
            style="high",
            labelled=8_000,
            sensitivity="public",
            region="us-only",
            deployment="none",
            weeks=16,
        ),
        recommendation="fine-tuning",
        factors=("latency_p95_ms", "requests_per_day", "style_consistency_need", "labelled_examples"),
        rationale=(
            "A strong persona, a tight latency budget and massive volume: a small fine-tuned model "
            "holds the voice with short prompts. At this volume provisioned throughput may beat "
            "on-demand pricing; compute the break-even."
        ),
        why_not={
            "prompting": "Persona prompts with examples are long, slow and expensive at 2 million calls a day.",
            "rag": "Nothing to look up, and retrieval costs latency.",
            "hybrid": "Retrieval adds latency for no knowledge gain.",
        },
    ),
    S(
        title="Freedom-of-information assistant",
        description=(
            "A public agency helps staff answer freedom-of-information requests from its published "
            "records, which change weekly. Every answer must cite its records, and data must stay in "
            "the EU."
        ),
        attributes=A(
            change="weekly",
            citations=True,
            p95_ms=6_000,
            per_day=600,
            budget=1_500,
            style="low",
            labelled=0,
            sensitivity="regulated",
            region="eu-only",
            deployment="private-network",
            weeks=10,
        ),
        recommendation="rag",
        factors=("citations_required", "knowledge_change_frequency", "region_constraint"),
        rationale=(
            "Citations and weekly changes call for retrieval; a knowledge base and model in an EU "
            "region satisfy residency without any custom model."
        ),
        why_not={
            "prompting": "The records are not in the model and answers must be cited.",
            "fine-tuning": (
                "Uncitable and stale within a week; custom-model serving options are also limited in the EU."
            ),
            "hybrid": "No style requirement, and it brings the custom-model serving problem.",
        },
    ),
    S(
        title="Startup FAQ bot",
        description=(
            "A startup wants a bot for its 15 most common customer questions, which rarely change. It "
            "handles 500 requests a day on a $200 monthly budget."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=3_000,
            per_day=500,
            budget=200,
            style="low",
            labelled=0,
            sensitivity="public",
            region="none",
            deployment="none",
            weeks=1,
            shared_tokens=2_000,
        ),
        recommendation="prompting",
        factors=("monthly_budget_usd", "time_to_launch_weeks", "knowledge_change_frequency"),
        rationale=("Fifteen answers fit in the system prompt; it ships this week and costs a few dollars a month."),
        why_not={
            "rag": "A vector store for 15 answers is more infrastructure than content.",
            "fine-tuning": "No data, no budget, and no need.",
            "hybrid": "Out of budget and out of proportion.",
        },
    ),
    S(
        title="Analyst notes in house format",
        description=(
            "An investment research firm turns earnings-call transcripts, supplied with each request, "
            "into analyst notes in a strict house format. 1,200 published notes exist."
        ),
        attributes=A(
            change="static",
            citations=False,
            p95_ms=20_000,
            per_day=400,
            budget=4_000,
            style="high",
            labelled=1_200,
            sensitivity="confidential",
            region="none",
            deployment="none",
            weeks=10,
        ),
        recommendation="fine-tuning",
        factors=("style_consistency_need", "labelled_examples"),
        rationale=(
            "The transcript is in the request; the value is a consistent house format, learned from "
            "1,200 notes. Check that the volume justifies serving costs: on-demand custom-model "
            "serving where available, never an idle provisioned throughput."
        ),
        why_not={
            "prompting": "A strict format over long notes drifts with instructions alone.",
            "rag": "The source text is already supplied.",
            "hybrid": "Retrieval adds nothing.",
        },
    ),
    S(
        title="Email triage with few labels",
        description=(
            "A utility sorts customer emails into 12 queues. It has 300 labelled emails, 8,000 emails "
            "a day and a p95 target of 1.5 seconds."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=1_500,
            per_day=8_000,
            budget=1_000,
            style="medium",
            labelled=300,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=4,
        ),
        recommendation="prompting",
        factors=("labelled_examples", "time_to_launch_weeks"),
        rationale=(
            "Three hundred labels are better spent as few-shot examples and as an evaluation set than "
            "as training data. Measure a few-shot prompt first; collect more labels and revisit "
            "fine-tuning if accuracy falls short."
        ),
        why_not={
            "rag": "Queue definitions fit in the prompt.",
            "fine-tuning": "300 examples for 12 classes is thin, and there is no baseline yet.",
            "hybrid": "Not justified before a baseline exists.",
        },
    ),
    S(
        title="Airline rebooking rules assistant",
        description=(
            "An airline's agents ask how fare rules apply during disruptions. Rules change weekly, "
            "and answers must reference the rule section."
        ),
        attributes=A(
            change="weekly",
            citations=True,
            p95_ms=2_500,
            per_day=30_000,
            budget=10_000,
            style="medium",
            labelled=0,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=8,
        ),
        recommendation="rag",
        factors=("knowledge_change_frequency", "citations_required"),
        rationale=(
            "Weekly rule changes and the need to reference sections make retrieval the core; live "
            "flight status, if needed, is injected from the operations system at request time."
        ),
        why_not={
            "prompting": "The rules are too many and change too often for a prompt.",
            "fine-tuning": "Stale within a week, and cannot reference sections.",
            "hybrid": "No labelled replies and no strict style need.",
        },
    ),
    S(
        title="Literature Q&A for a research lab",
        description=(
            "A lab asks questions across 50,000 papers, adding hundreds each month, and needs "
            "citations for every claim."
        ),
        attributes=A(
            change="monthly",
            citations=True,
            p95_ms=8_000,
            per_day=300,
            budget=800,
            style="low",
            labelled=0,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=6,
        ),
        recommendation="rag",
        factors=("citations_required", "knowledge_change_frequency"),
        rationale=("Citations and a growing collection: a knowledge base with metadata filters by year and topic."),
        why_not={
            "prompting": "The papers are not in the model.",
            "fine-tuning": "Cannot cite, and new papers arrive monthly.",
            "hybrid": "No style requirement.",
        },
    ),
    S(
        title="Bank rates with regulated disclosures",
        description=(
            "A bank's assistant quotes savings and mortgage rates, which change daily, and must wrap "
            "every answer in exact regulated disclosure wording, with a citation to the rate sheet. "
            "6,000 compliant replies exist."
        ),
        attributes=A(
            change="daily",
            citations=True,
            p95_ms=2_000,
            per_day=60_000,
            budget=20_000,
            style="high",
            labelled=6_000,
            sensitivity="regulated",
            region="us-only",
            deployment="private-network",
            weeks=16,
        ),
        recommendation="hybrid",
        factors=("knowledge_change_frequency", "citations_required", "style_consistency_need"),
        rationale=(
            "Daily rates and citations need retrieval; exact disclosure wording at 60,000 requests a "
            "day is the consistency a model fine-tuned on 6,000 compliant replies provides."
        ),
        why_not={
            "prompting": "Rates are unknown to the model, and disclosure wording drifts.",
            "rag": "Correct rates, but the wording must be exact every time.",
            "fine-tuning": "Rates would be stale the next day.",
        },
    ),
    S(
        title="Field technician manual search",
        description=(
            "A manufacturer's field technicians query 3,000 service manuals from tablets. Manuals are "
            "revised quarterly; answers should point to the manual page."
        ),
        attributes=A(
            change="quarterly",
            citations=True,
            p95_ms=1_500,
            per_day=4_000,
            budget=2_500,
            style="low",
            labelled=0,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=8,
        ),
        recommendation="rag",
        factors=("citations_required", "knowledge_change_frequency"),
        rationale="Pointing to the page is a citation; revisions are re-ingested quarterly.",
        why_not={
            "prompting": "3,000 manuals cannot fit in a prompt.",
            "fine-tuning": "Cannot point to pages and goes stale each quarter.",
            "hybrid": "No style need.",
        },
    ),
    S(
        title="Reading-level rewriting for a children's app",
        description=(
            "An education app rewrites texts at a child's reading level, 300,000 times a day with a "
            "p95 under 800 ms. Teachers approved 10,000 rewrites."
        ),
        attributes=A(
            change="static",
            citations=False,
            p95_ms=800,
            per_day=300_000,
            budget=18_000,
            style="high",
            labelled=10_000,
            sensitivity="confidential",
            region="us-only",
            deployment="none",
            weeks=14,
        ),
        recommendation="fine-tuning",
        factors=("latency_p95_ms", "requests_per_day", "style_consistency_need", "labelled_examples"),
        rationale=(
            "A consistent reading level is a style, taught by 10,000 approved rewrites; short prompts "
            "keep latency and cost down at this volume."
        ),
        why_not={
            "prompting": "Long instructions and examples on every call cost latency and money at this scale.",
            "rag": "The text to rewrite is in the request.",
            "hybrid": "Retrieval adds nothing.",
        },
    ),
    S(
        title="Job descriptions in company tone",
        description=(
            "A recruiting team writes job descriptions in company tone. It has 150 past descriptions "
            "and writes about 100 a day."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=10_000,
            per_day=100,
            budget=150,
            style="high",
            labelled=150,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=2,
        ),
        recommendation="prompting",
        factors=("requests_per_day", "labelled_examples", "monthly_budget_usd"),
        rationale=(
            "Three good examples in a few-shot prompt give the tone; 100 requests a day cannot "
            "justify training and serving a custom model."
        ),
        why_not={
            "rag": "Nothing changes that needs looking up.",
            "fine-tuning": "Too little data and volume for the cost.",
            "hybrid": "Out of proportion.",
        },
    ),
    S(
        title="Property listing descriptions",
        description=(
            "A property portal writes listing descriptions in its brand style from the listing's "
            "data, supplied per request: 80,000 a day, with 25,000 approved examples."
        ),
        attributes=A(
            change="static",
            citations=False,
            p95_ms=3_000,
            per_day=80_000,
            budget=12_000,
            style="high",
            labelled=25_000,
            sensitivity="public",
            region="none",
            deployment="none",
            weeks=12,
        ),
        recommendation="fine-tuning",
        factors=("style_consistency_need", "labelled_examples", "requests_per_day"),
        rationale=(
            "The facts come with the request; the brand style at high volume is what fine-tuning on "
            "25,000 examples delivers, with shorter prompts than few-shot."
        ),
        why_not={
            "prompting": "Few-shot prompts at 80,000 calls a day cost more and drift in style.",
            "rag": "No knowledge to retrieve.",
            "hybrid": "Retrieval adds nothing.",
        },
    ),
    S(
        title="Small company policy assistant",
        description=(
            "A 40-person company wants staff questions answered from its handbook: 12 pages that change once a year."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=5_000,
            per_day=60,
            budget=100,
            style="low",
            labelled=0,
            sensitivity="internal",
            region="none",
            deployment="none",
            weeks=1,
            shared_tokens=8_000,
        ),
        recommendation="prompting",
        factors=("knowledge_change_frequency", "requests_per_day", "monthly_budget_usd"),
        rationale=(
            "Twelve pages fit in the prompt: put the whole handbook in the system prompt (cached), "
            "and update it yearly. Retrieval is for collections that do not fit."
        ),
        why_not={
            "rag": "A knowledge base for 12 pages is unnecessary infrastructure.",
            "fine-tuning": "Yearly changes and no data; nothing to gain.",
            "hybrid": "Out of proportion.",
        },
    ),
    S(
        title="EU retailer multilingual support",
        description=(
            "An EU retailer wants multilingual support answers from policies that change monthly, in "
            "its house style (3,000 example replies). Data must stay in an EU region, and the budget "
            "is $2,000 a month."
        ),
        attributes=A(
            change="monthly",
            citations=False,
            p95_ms=3_000,
            per_day=5_000,
            budget=2_000,
            style="high",
            labelled=3_000,
            sensitivity="confidential",
            region="eu-only",
            deployment="none",
            weeks=8,
        ),
        recommendation="rag",
        factors=("region_constraint", "monthly_budget_usd", "knowledge_change_frequency"),
        rationale=(
            "The textbook answer is hybrid, but where custom models can only be served with "
            "provisioned throughput (about $15,000 a month) the budget rules it out. Use retrieval "
            "for current policies and a few-shot style prompt with example replies; revisit "
            "fine-tuning when on-demand custom-model serving reaches the region."
        ),
        why_not={
            "prompting": "Monthly policy changes need retrieval.",
            "fine-tuning": "Stale policies and unaffordable serving in the region.",
            "hybrid": "Right on paper, but provisioned throughput costs several times the budget.",
        },
    ),
    S(
        title="Brand newsletter due next week",
        description=(
            "A coffee roaster wants its weekly newsletter drafted in its unmistakable brand voice. "
            "It has 4,000 past newsletter sections, sends about 20 requests a day, and the first "
            "issue goes out in one week."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=20_000,
            per_day=20,
            budget=100,
            style="high",
            labelled=4_000,
            sensitivity="public",
            region="none",
            deployment="none",
            weeks=1,
        ),
        recommendation="prompting",
        factors=("time_to_launch_weeks", "requests_per_day", "monthly_budget_usd"),
        rationale=(
            "The voice matters and the examples exist, but one week leaves no time to prepare data, "
            "train and evaluate a custom model, and 20 requests a day would never repay its serving "
            "cost. Ship a few-shot prompt with the best sections now; revisit fine-tuning if the voice "
            "drifts and the volume grows."
        ),
        why_not={
            "rag": "Nothing changes that needs looking up.",
            "fine-tuning": "Not in a week, and not for 20 requests a day on a $100 budget.",
            "hybrid": "Adds retrieval to a custom model neither the deadline nor the budget allows.",
        },
    ),
    S(
        title="EU insurer's policy answers without standing capacity",
        description=(
            "An EU insurer's agents ask about policy terms, which change weekly; answers must cite the "
            "clause and use the insurer's house wording, of which 1,500 approved replies exist. Data "
            "must stay in the EU, and IT forbids paying for idle capacity."
        ),
        attributes=A(
            change="weekly",
            citations=True,
            p95_ms=4_000,
            per_day=3_000,
            budget=1_500,
            style="high",
            labelled=1_500,
            sensitivity="confidential",
            region="eu-only",
            deployment="on-demand-only",
            weeks=8,
        ),
        recommendation="rag",
        factors=("deployment_constraint", "region_constraint", "citations_required", "knowledge_change_frequency"),
        rationale=(
            "Weekly changes and citations need retrieval. The house wording would suggest a custom "
            "model, but where custom models can be served only by provisioned throughput, a rule "
            "against standing capacity rules fine-tuning out. Put a few approved replies in the prompt "
            "for the wording."
        ),
        why_not={
            "prompting": "Weekly policy changes and clause citations need retrieval.",
            "fine-tuning": "Stale between trainings, uncited, and unservable without standing capacity.",
            "hybrid": "Right on paper, but the custom half cannot be served under the deployment rule.",
        },
    ),
    S(
        title="Marketplace listing categorisation",
        description=(
            "A marketplace assigns each new listing to one of 2,000 categories: 400,000 listings a day, "
            "a p95 target of 600 ms, and 120,000 listings already categorised by staff. The category "
            "tree changes once a year."
        ),
        attributes=A(
            change="yearly",
            citations=False,
            p95_ms=600,
            per_day=400_000,
            budget=15_000,
            style="low",
            labelled=120_000,
            sensitivity="public",
            region="none",
            deployment="none",
            weeks=12,
            shared_tokens=16_000,
        ),
        recommendation="fine-tuning",
        factors=("requests_per_day", "latency_p95_ms", "labelled_examples"),
        rationale=(
            "2,000 categories do not fit in a prompt's few-shot examples, and 400,000 requests a day at "
            "600 ms need short prompts on a small model. 120,000 labelled listings are exactly what a "
            "fine-tuned classifier needs; at this volume a custom model's serving cost pays for itself."
        ),
        why_not={
            "prompting": "The category list and examples make every prompt long, slow and costly at this volume.",
            "rag": "Nothing to look up that changes; retrieval adds a round trip to a 600 ms budget.",
            "hybrid": "The retrieval half adds latency and cost without a need.",
        },
    ),
)


def records() -> list[dict]:
    rows = []
    for number, s in enumerate(SCENARIOS, 1):
        rows.append(
            {
                "id": f"s{number:02d}",
                "title": s.title,
                "description": s.description,
                "attributes": dict(zip(ATTRIBUTES, astuple(s.attributes), strict=True)),
                "recommendation": s.recommendation,
                "driving_factors": list(s.factors),
                "rationale": s.rationale,
                "why_not": s.why_not,
                "classic": s.classic,
            }
        )
    return rows
