"""One look for every plot in the course, so lessons draw with a single call and no styling code."""

from __future__ import annotations

import matplotlib as mpl

COLORS = ("#1f5f8b", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#30343f")


def use_course_style() -> None:
    """Readable defaults for inline plots: size, grid, colour cycle, no top or right spines."""
    mpl.rcParams.update(
        {
            "figure.figsize": (7.5, 4.2),
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "axes.titleweight": "bold",
            "axes.prop_cycle": mpl.cycler(color=COLORS),
            "legend.frameon": False,
        }
    )
