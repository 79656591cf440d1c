"""Tags on the emulator's own resources (custom models, customization jobs, provisioned throughputs, custom model
deployments, batch inference jobs, application inference profiles, guardrails, knowledge bases), per account and
Region, by ARN. Which ARNs name a resource is the wire layer's business (it knows every backend); this module only
keeps the tags and their quota."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from localbedrock.errors import BedrockError
from localbedrock.service import BedrockService, register_regional

MAX_TAGS = 50  # tags per resource (the AWS-wide tagging quota)


class TooManyTagsError(BedrockError):
    code = "TooManyTagsException"


class Tags:
    """The tags of one account and Region's resources."""

    def __init__(self, service: BedrockService, account: str, region: str) -> None:
        self._tags: dict[str, dict[str, str]] = {}

    def tag(self, arn: str, tags: Mapping[str, str]) -> None:
        """Add or overwrite ``tags`` on ``arn``; TooManyTagsError past :data:`MAX_TAGS`."""
        merged = {**self._tags.get(arn, {}), **tags}
        if len(merged) > MAX_TAGS:
            raise TooManyTagsError(f"A resource can have at most {MAX_TAGS} tags; {arn} would have {len(merged)}.")
        self._tags[arn] = merged

    def untag(self, arn: str, keys: Iterable[str]) -> None:
        for key in keys:
            self._tags.get(arn, {}).pop(key, None)

    def of(self, arn: str) -> dict[str, str]:
        return dict(self._tags.get(arn, {}))


register_regional("tags", Tags)
