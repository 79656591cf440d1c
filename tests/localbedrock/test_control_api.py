"""The bedrock control plane's foundation-model catalogue."""

from __future__ import annotations

import pytest
from bedrock_helpers import NOVA_MICRO, TITAN_EMBED_V2

from localbedrock.catalog import CATALOG as FULL_CATALOG

# Models past their end of life are no longer listed.
CATALOG = {m: p for m, p in FULL_CATALOG.items() if not p.retired_in("us-east-1")}


def ids(response) -> set[str]:
    return {m["modelId"] for m in response["modelSummaries"]}


def test_list_foundation_models_returns_the_catalogue(control):
    assert ids(control.list_foundation_models()) == set(CATALOG)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"byProvider": "Anthropic"}, {m for m in CATALOG if m.startswith("anthropic.")}),
        ({"byProvider": "meta"}, {m for m in CATALOG if m.startswith("meta.")}),
        ({"byOutputModality": "EMBEDDING"}, {m for m, p in CATALOG.items() if p.is_embedding}),
        ({"byCustomizationType": "FINE_TUNING"}, {m for m, p in CATALOG.items() if "FINE_TUNING" in p.customizations}),
        (
            {"byProvider": "Amazon", "byOutputModality": "TEXT"},
            {m for m in CATALOG if m.startswith("amazon.") and "embed" not in m},
        ),
    ],
)
def test_list_foundation_models_filters(control, kwargs, expected):
    assert ids(control.list_foundation_models(**kwargs)) == expected


def test_get_foundation_model_describes_one_model(control):
    details = control.get_foundation_model(modelIdentifier=NOVA_MICRO)["modelDetails"]
    assert details["modelArn"] == f"arn:aws:bedrock:us-east-1::foundation-model/{NOVA_MICRO}"
    assert details["providerName"] == "Amazon"
    assert details["outputModalities"] == ["TEXT"] and details["responseStreamingSupported"] is True
    assert details["modelLifecycle"]["status"] == "ACTIVE"


def test_get_foundation_model_of_an_embedding_model(control):
    details = control.get_foundation_model(modelIdentifier=TITAN_EMBED_V2)["modelDetails"]
    assert details["outputModalities"] == ["EMBEDDING"] and details["responseStreamingSupported"] is False


def test_get_foundation_model_of_an_unknown_id_is_a_validation_error(control):
    with pytest.raises(control.exceptions.ValidationException, match="model identifier is invalid"):
        control.get_foundation_model(modelIdentifier="acme.nothing-v1")


def test_an_invalid_filter_value_is_a_validation_error(control):
    with pytest.raises(control.exceptions.ValidationException, match="enum value set"):
        control.list_foundation_models(byOutputModality="SMELL")
