"""The object store of data sources and customization jobs: moto's in-memory S3, read and written directly (no HTTP
round trip)."""

from __future__ import annotations

from moto.s3.exceptions import MissingBucket
from moto.s3.models import FakeKey, s3_backends

from localbedrock.errors import ResourceNotFoundError
from localbedrock.knowledgebases.documents import StoredObject


class MotoS3:
    """:class:`~localbedrock.knowledgebases.documents.ObjectStore` and
    :class:`~localbedrock.customization.ArtifactStore` over the account's buckets in moto."""

    def __init__(self, account: str) -> None:
        self._backend = s3_backends[account]["aws"]

    def _bucket(self, bucket: str):  # type: ignore[no-untyped-def]
        try:
            return self._backend.get_bucket(bucket)
        except MissingBucket:
            raise ResourceNotFoundError(f"The S3 bucket {bucket} does not exist.") from None

    def list(self, bucket: str, prefix: str) -> list[StoredObject]:
        keys = self._bucket(bucket).keys
        found = []
        for name in list(keys):
            if name.startswith(prefix):
                key = keys[name]
                if isinstance(key, FakeKey):  # a delete marker hides a deleted object of a versioned bucket
                    found.append(StoredObject(name, key.etag))
        return sorted(found, key=lambda o: o.key)

    def read(self, bucket: str, key: str) -> bytes:
        stored = self._bucket(bucket).keys.get(key)
        if not isinstance(stored, FakeKey):
            raise ResourceNotFoundError(f"The S3 object s3://{bucket}/{key} does not exist.")
        return bytes(stored.value)

    def write(self, bucket: str, key: str, body: bytes) -> None:
        self._bucket(bucket)
        self._backend.put_object(bucket, key, body)
