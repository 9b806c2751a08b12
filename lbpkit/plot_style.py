"""The kit's plot conventions, shared by every plotting function: colours, log-axis ticks, the title rule.

For maintainers adding a plot (and instructors restyling one): every figure needs a title that
says what is shown and where its numbers come from; hazard windows are red, referents blue.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import matplotlib.ticker as mticker
import pandas as pd
from matplotlib.axes import Axes

__all__ = ["HAZARD_COLOUR", "REFERENT_COLOUR", "EXPOSED_COLOUR"]

HAZARD_COLOUR = "#c0392b"
REFERENT_COLOUR = "#2e86c1"
EXPOSED_COLOUR = "#555555"


def _require_title(title: str) -> None:
    if not isinstance(title, str) or not title.strip():
        raise ValueError("title must be a non-empty string that says what is shown and its source ('synthetic' or a citation).")


def _require_columns(table: pd.DataFrame, columns: Sequence[str], argument: str = "table") -> None:
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{argument} must be a pandas DataFrame, not {type(table).__name__}.")
    missing = [col for col in columns if col not in table.columns]
    if missing:
        raise ValueError(
            f"{argument} has no column(s) {missing}; its columns are {list(table.columns)}. "
            "Pass the right names with the estimate=/lower=/upper=/label= arguments."
        )


def _plain_log_ticks(ax: Axes) -> None:
    """Tick labels such as 0.5, 1, 2, 5 on a log axis, not 2×10⁰.

    Call it after the data are drawn: a narrow range (less than a factor of 3, e.g. per-hour
    odds ratios of 0.94–1.09) gets evenly spaced ticks such as 0.95, 1, 1.05 instead of a lone 1.
    """
    low, high = ax.get_xlim()
    if low > 0 and high / low < 3:
        ax.xaxis.set_major_locator(mticker.MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    else:
        ax.xaxis.set_major_locator(mticker.LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
    ax.xaxis.set_major_formatter(mticker.FuncFormatter(lambda v, _: f"{v:.3g}"))
    ax.xaxis.set_minor_formatter(mticker.NullFormatter())


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is None:
        _, ax = plt.subplots(figsize=size)
    return ax
