"""The fine-tuning domain stays apart from the wire, and every serving operation handled is one of the bedrock
service model's."""

from __future__ import annotations

import pytest
from botocore.session import get_session
from moto.core.utils import camelcase_to_underscores

from localbedrock.wire import serving
from tests.localbedrock.test_layers import PACKAGE, imported_modules

DOMAIN = sorted(f"finetuning/{path.name}" for path in (PACKAGE / "finetuning").glob("*.py"))


@pytest.mark.parametrize("module", DOMAIN)
def test_fine_tuning_modules_import_neither_the_wire_layer_nor_moto_nor_boto(module):
    imports = imported_modules(PACKAGE / module)
    assert not {m for m in imports if m.startswith(("localbedrock.wire", "localbedrock.activation", "moto", "boto"))}


def test_every_serving_operation_handled_is_one_of_the_bedrock_service_model():
    operations = get_session().get_service_model("bedrock").operation_names
    assert set(serving.HANDLERS) <= {camelcase_to_underscores(op) for op in operations}
