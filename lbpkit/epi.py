"""Small epidemiological arithmetic used in Part I: percentage change, rates, shares, lookups.

These are the calculations learners should be able to do by hand; the functions exist so that
notebooks compute them from the published figures in ``data/`` instead of typing results in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from lbpkit.data import identifier_url

__all__ = [
    "figure",
    "select",
    "cite",
    "percent_change",
    "percent_change_rounding_range",
    "implied_start",
    "rate_per",
    "shares_from_counts",
    "combined_attributable_fraction",
]


def _number(value: float, name: str) -> float:
    """``value`` as a float; text such as "60%" gets an error that names the argument and the number to type."""
    if isinstance(value, str):
        # implied_start(619, "60%") ended in "could not convert string to float" (round-10 trial of 01)
        digits = value.strip().rstrip("%").strip()
        example = f" such as {digits}" if digits.replace(".", "", 1).lstrip("-").isdigit() else ""
        raise TypeError(f"{name} must be a number{example}, not the text {value!r}: type the number without "
                        "quotes and without a % sign.")
    return float(value)


def _positive_number(value: float, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (str, int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a number, not {type(value).__name__}.")
    value = _number(value, name)
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}.")
    return value


def figure(table: pd.DataFrame, figure_id: str, *, column: str = "value") -> float:
    """Return one published number from a Part I table, looked up by its ``figure_id``.

    Parameters
    ----------
    table : pandas.DataFrame
        A table loaded with :func:`lbpkit.data.load` that has a ``figure_id`` column.
    figure_id : str
        The id of the row, e.g. ``"gbd21_cases_2020"``.
    column : str
        Which column to return: ``"value"`` (default), ``"lower"`` or ``"upper"``.

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the id is absent or duplicated, or the cell is empty (the source gave no such number).

    Examples
    --------
    >>> from lbpkit.data import load
    >>> from lbpkit.epi import figure
    >>> figure(load("lbp_burden"), "gbd21_cases_2020")
    619.0
    """
    if not isinstance(table, pd.DataFrame) or "figure_id" not in table.columns:
        raise TypeError("table must be a DataFrame with a 'figure_id' column, e.g. lbpkit.data.load('lbp_burden').")
    if column not in table.columns:
        raise ValueError(f"column {column!r} is not in the table; its columns are {list(table.columns)}.")
    rows = table[table["figure_id"] == figure_id]
    name = table.attrs.get("name", "the table")
    if len(rows) != 1:
        problem = "absent from" if len(rows) == 0 else "duplicated in"
        raise ValueError(f"figure_id {figure_id!r} is {problem} {name}; list the ids with table['figure_id'].")
    cell = rows[column].iloc[0]
    if pd.isna(cell):
        raise ValueError(
            f"{name}: figure {figure_id!r} has no {column!r} (the source did not publish one); "
            "do not fill it in."
        )
    return float(cell)


DEFAULT_COLUMNS = ("measure", "group", "value", "lower", "upper", "interval", "unit", "year", "analysis", "source_type")


def select(table: pd.DataFrame, figure_ids: Sequence[str], *, columns: Sequence[str] = DEFAULT_COLUMNS) -> pd.DataFrame:
    """Pick published figures by id, in the order given, keeping their sources.

    Parameters
    ----------
    table : pandas.DataFrame
        A Part I table from :func:`lbpkit.data.load` (with ``figure_id``, ``source``, ``primary_id``
        and ``read_at``).
    figure_ids : sequence of str
        The ids to keep.
    columns : sequence of str
        Columns to show (those absent from ``table`` are skipped).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``figure_id``; ``.attrs["source"]`` lists the distinct sources of the selected
        rows, each with its primary identifier and link and the address where it was read, so the
        table can say where its numbers come from (see :func:`cite`).

    Examples
    --------
    >>> from lbpkit.data import load
    >>> from lbpkit.epi import select
    >>> t = select(load("lbp_burden"), ["gbd21_cases_2050", "gbd21_cases_2020"])
    >>> t["value"].tolist()
    [843.0, 619.0]
    """
    if isinstance(figure_ids, str):
        raise TypeError("figure_ids must be a list of ids, e.g. ['gbd21_cases_2020'], not a single string.")
    indexed = table.set_index("figure_id")
    missing = [fid for fid in figure_ids if fid not in indexed.index]
    if missing:
        raise ValueError(f"figure_id(s) {missing} are not in {table.attrs.get('name', 'the table')}.")
    picked = indexed.loc[list(figure_ids)]
    shown = picked[[col for col in columns if col in picked.columns]].copy()
    triples = dict.fromkeys(zip(picked["source"], picked["primary_id"].fillna(""), picked["read_at"].fillna("")))
    shown.attrs = dict(table.attrs)
    shown.attrs["source"] = "; ".join(_citation(src, ids, read_at) for src, ids, read_at in triples)
    return shown


def _citation(source: str, ids: str, read_at: str) -> str:
    """'<citation>, doi:... <https://doi.org/...> (read at <address>)': the record first, the copy beside it."""
    records = [f"{token} <{url}>" if (url := identifier_url(token)) not in (None, token) else token for token in ids.split()[:1]]
    record = f", {records[0]}" if records else ", no primary identifier"
    where = f" (read at <{read_at.split()[0]}>)" if read_at and read_at.split()[0] not in ids else ""
    return f"{source}{record}{where}"


def cite(table: pd.DataFrame, *, file: bool = True) -> str:
    """The "Source: ..." line of a table made by :func:`select` (or loaded with ``load``).

    ``file=False`` leaves out the kit's data file (for learner-facing text, where the source's
    identifier and the address where it was read are what a reader needs).

    Examples
    --------
    >>> from lbpkit.data import load
    >>> from lbpkit.epi import cite, select
    >>> cite(select(load("lbp_burden"), ["gbd21_cases_2020"])).startswith("Source: GBD 2021")
    True
    """
    source = table.attrs.get("source", "")
    if not source:
        raise ValueError("table.attrs has no 'source'; load it with lbpkit.data.load or pick rows with select().")
    return f"Source: {source}" + (f" (file {table.attrs.get('path', 'data/')})" if file else "")


def percent_change(start: float, end: float) -> float:
    """Percentage change from ``start`` to ``end``: ``(end - start) / start * 100``.

    Parameters
    ----------
    start, end : float
        The earlier and the later value, in the same unit; ``start`` must be positive.

    Returns
    -------
    float
        Positive for a rise, negative for a fall (in percent, not a proportion).

    Examples
    --------
    >>> round(percent_change(619, 843), 1)
    36.2
    >>> percent_change(200, 150)
    -25.0
    """
    start = _positive_number(start, "start")
    end = _number(end, "end")
    return (end - start) / start * 100.0


def percent_change_rounding_range(start: float, end: float, *, half_unit: float = 0.5) -> tuple[float, float]:
    """The range of percentage changes consistent with two rounded numbers.

    A published count of "619 million" may be anything from 618.5 to just under 619.5 million.
    The smallest possible change runs from the highest start to the lowest end, the largest from
    the lowest start to the highest end.

    Parameters
    ----------
    start, end : float
        The rounded values as published.
    half_unit : float
        Half of the last published unit (0.5 for whole numbers, 0.05 for one decimal).

    Returns
    -------
    tuple of float
        ``(smallest, largest)`` percentage change.

    Examples
    --------
    >>> low, high = percent_change_rounding_range(619, 843)
    >>> round(low, 2), round(high, 2)
    (36.0, 36.38)
    """
    start = _positive_number(start, "start")
    half_unit = _positive_number(half_unit, "half_unit")
    if start - half_unit <= 0:
        raise ValueError("half_unit must be smaller than start, or the lowest start would not be positive.")
    end = _number(end, "end")
    return (
        percent_change(start + half_unit, end - half_unit),
        percent_change(start - half_unit, end + half_unit),
    )


def implied_start(end: float, change_percent: float) -> float:
    """Back-calculate the starting value from an end value and a published percentage change.

    Examples
    --------
    >>> implied_start(150, 50)
    100.0
    """
    end = _number(end, "end")
    factor = 1 + _number(change_percent, "change_percent") / 100
    if factor <= 0:
        raise ValueError(f"change_percent must be above -100, got {change_percent!r}.")
    return end / factor


def rate_per(count: float, population: float, *, per: float = 100_000) -> float:
    """Events (or cases, or YLDs) per ``per`` people: ``count / population * per``.

    Examples
    --------
    >>> rate_per(25, 50_000)
    50.0
    >>> rate_per(25, 50_000, per=1000)
    0.5
    """
    population = _positive_number(population, "population")
    per = _positive_number(per, "per")
    return _number(count, "count") / population * per


def shares_from_counts(counts: pd.Series) -> pd.Series:
    """Each count as a percentage of their sum (the shares of classes in a cohort).

    Parameters
    ----------
    counts : pandas.Series
        Non-negative counts, indexed by class.

    Returns
    -------
    pandas.Series
        Percentages summing to 100, same index, named ``"percent"``.

    Examples
    --------
    >>> import pandas as pd
    >>> shares_from_counts(pd.Series({"a": 1, "b": 3})).tolist()
    [25.0, 75.0]
    """
    if not isinstance(counts, pd.Series):
        raise TypeError(f"counts must be a pandas Series of counts indexed by class, not {type(counts).__name__}.")
    values = pd.to_numeric(counts, errors="coerce").astype(float)
    if values.isna().any() or (values < 0).any():
        raise ValueError("counts must be non-negative numbers with no missing values.")
    total = values.sum()
    if total == 0:
        raise ValueError("counts sum to zero, so there are no shares to compute.")
    return (values / total * 100).rename("percent")


def combined_attributable_fraction(fractions: Sequence[float]) -> float:
    """Joint attributable fraction of independent risks: ``1 - prod(1 - f)``.

    Attributable fractions of several risk factors do not add up, because the same case can be
    prevented by removing either factor. Under the simplifying assumption that the factors act
    independently (multiplicatively), the share attributable to all of them together is
    ``1 - (1 - f1)(1 - f2)...``, which is smaller than the sum.

    Parameters
    ----------
    fractions : sequence of float
        Proportions between 0 and 1 (not percentages).

    Returns
    -------
    float
        A proportion between 0 and 1.

    Examples
    --------
    >>> combined_attributable_fraction([0.5, 0.5])
    0.75
    """
    values = np.asarray(list(fractions), dtype=float)
    if values.size == 0:
        raise ValueError("fractions is empty; give at least one proportion.")
    if np.any(values < 0) or np.any(values > 1):
        raise ValueError("fractions must be proportions between 0 and 1 (divide percentages by 100).")
    return float(1 - np.prod(1 - values))
