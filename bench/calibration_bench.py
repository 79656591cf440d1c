"""The simulated models against their specification: every calibrated behaviour, its target, what was measured.

Run: .venv/bin/python bench/calibration_bench.py
Prints one row per behaviour (docs/model-behaviour.md): ok, OUT of its range, or GAP (out of range, a known gap
of the simulation); asserts nothing.
"""

from __future__ import annotations

import localbedrock
from bedrock_course.calibration import all_behaviours


def main() -> None:
    rows = [("area", "behaviour", "model", "target", "measured", "", "source")]
    with localbedrock.LocalBedrock(lifecycle_seconds=0):  # resources ready at once: the bench measures answers
        for b in all_behaviours():
            measured = b.measure()
            rows.append(
                (
                    b.area,
                    b.name,
                    b.model_id,
                    b.target,
                    f"{measured:.3f}",
                    "ok" if b.holds(measured) else "GAP" if b.known_gap else "OUT",
                    b.source,
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)) + "  " + row[-1])


if __name__ == "__main__":
    main()
