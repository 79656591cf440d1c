"""Turning the emulator on and off: ``start()``/``stop()``, a context manager and a decorator, on moto's ``mock_aws``.

While active, every boto3 client in the process, whatever its region, talks to moto's in-memory AWS, where
bedrock-runtime and the foundation-model catalogue are served by localbedrock.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from localbedrock.blas import single_thread
from localbedrock.embeddings import TextEncoder
from localbedrock.faults import Faults
from localbedrock.ledger import Ledger
from localbedrock.service import BedrockService, Options

F = TypeVar("F", bound=Callable[..., Any])

DEFAULT_REGION = "us-east-1"
_active: list[LocalBedrock] = []


class LocalBedrock:
    """One activation of the emulator: ``with LocalBedrock(): ...``, ``@LocalBedrock()``, or ``.start()/.stop()``.

    Keywords: ``faults`` (:class:`~localbedrock.faults.Faults`, opt-in throttling and 5xx), ``denied_models``
    (model ids that answer AccessDeniedException, as when model access is not enabled), ``sleep`` (1.0 sleeps the
    simulated latency; default 0 never sleeps), ``encoder`` (a replacement embedding backend), ``rules`` (scripted
    replies: ``{regex: reply}`` or pairs; the first regex found in the last user turn gives the whole answer),
    ``lifecycle_seconds`` (how long knowledge bases and ingestion jobs take to become ready; 0 for at once).
    """

    def __init__(
        self,
        *,
        faults: Faults | None = None,
        denied_models: Iterable[str] = (),
        sleep: float = 0.0,
        encoder: TextEncoder | None = None,
        rules: Iterable[tuple[str, str]] | Mapping[str, str] = (),
        lifecycle_seconds: float = 3.0,
    ) -> None:
        pairs = tuple(rules.items() if isinstance(rules, Mapping) else rules)
        for pattern, _ in pairs:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"rules: {pattern!r} is not a valid regular expression ({error})") from None
        self.options = Options(
            faults=faults or Faults(),
            denied_models=frozenset(denied_models),
            sleep=sleep,
            encoder=encoder,
            rules=pairs,
            lifecycle_seconds=lifecycle_seconds,
        )
        self.service: BedrockService | None = None
        self._mock: Any = None
        self._set_region = False

    @property
    def ledger(self) -> Ledger:
        """Every model call served by this activation, with token counts and illustrative costs."""
        if self.service is None:
            raise RuntimeError("This emulator has not been started: call start() first.")
        return self.service.ledger

    @property
    def started(self) -> bool:
        return self._mock is not None

    def start(self) -> LocalBedrock:
        """Start the emulator (idempotent); returns self."""
        if self.started:
            return self
        from moto import mock_aws

        from localbedrock.wire.install import install

        self.service = BedrockService(self.options)
        self._mock = mock_aws()
        self._mock.start()
        if not (os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION")):
            # boto3 needs a region even offline; learners should not have to configure one.
            os.environ["AWS_DEFAULT_REGION"] = DEFAULT_REGION
            self._set_region = True
        install(self.service)
        if not _active:
            _blas_restore.append(single_thread())  # localbedrock/blas.py: small products, no spinning pool
        _active.append(self)
        return self

    def stop(self) -> None:
        """Stop the emulator and discard its state (idempotent)."""
        if not self.started:
            return
        from localbedrock.wire.install import install, uninstall

        self._mock.stop()
        self._mock = None
        if self._set_region:
            os.environ.pop("AWS_DEFAULT_REGION", None)
            self._set_region = False
        _active.remove(self)
        if _active:
            install(_active[-1].service)  # type: ignore[arg-type]
        else:
            uninstall()
            while _blas_restore:
                _blas_restore.pop()()

    def __enter__(self) -> LocalBedrock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def __call__(self, func: F) -> F:
        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with LocalBedrock(
                faults=self.options.faults,
                denied_models=self.options.denied_models,
                sleep=self.options.sleep,
                encoder=self.options.encoder,
                rules=self.options.rules,
                lifecycle_seconds=self.options.lifecycle_seconds,
            ):
                return func(*args, **kwargs)

        return wrapper  # type: ignore[return-value]


_default: list[LocalBedrock] = []
# What puts the BLAS thread counts back when the last activation stops (localbedrock/blas.py).
_blas_restore: list[Callable[[], None]] = []


def start(**options: Any) -> LocalBedrock:
    """Start the emulator for the whole process; returns the activation (also usable in ``with``).

    Calling ``start()`` again restarts it with the new options and fresh state.
    """
    stop()
    emulator = LocalBedrock(**options).start()
    _default.append(emulator)
    return emulator


def stop() -> None:
    """Stop the emulator started by :func:`start`, if any."""
    while _default:
        _default.pop().stop()


def active() -> LocalBedrock | None:
    """The innermost running activation, or None."""
    return _active[-1] if _active else None
