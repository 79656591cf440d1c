"""Calibration of the simulated models against published findings (docs/model-behaviour.md).

Each module of this package covers one area (retrieval, reading, style, ...) and lists its ``BEHAVIOURS``: what is
measured, on which model, the target range, the finding the range rests on, and a measurement made through public
boto3 calls only, so the same function measures real Bedrock when localbedrock is not started. Modules are found by
name: adding an area is adding a module.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Behaviour:
    """One calibrated behaviour: ``measure()`` returns a rate (or score) expected within ``[low, high]``.

    ``known_gap``, when set, says that the simulation does not reach the range and why, with the figure measured when
    it was marked: the calibration test then expects the behaviour outside its range (a strict xfail, so reaching the
    range turns the test red until the mark is removed), and docs/model-behaviour.md states the gap.
    """

    area: str
    name: str
    model_id: str
    low: float
    high: float
    source: str
    measure: Callable[[], float]
    known_gap: str = ""

    def holds(self, measured: float) -> bool:
        return self.low <= measured <= self.high

    @property
    def target(self) -> str:
        return f"{self.low:g} to {self.high:g}"


def all_behaviours() -> list[Behaviour]:
    """Every area module's behaviours, in module-name order."""
    behaviours: list[Behaviour] = []
    for module in sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")):
        behaviours.extend(import_module(f"{__name__}.{module}").BEHAVIOURS)
    return behaviours
