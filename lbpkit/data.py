"""The kit's data catalogue and a schema-checked loader.

For every notebook, learner and instructor who loads a data set: each comes with its sources in ``.attrs``.

Every file in ``data/`` is described by one resource in ``data/datapackage.json`` (the
Frictionless Data Package format): a title, a description, its sources, its licence, whether it
is synthetic, and a table schema. :func:`load` reads a file and checks it against that schema, so
a file edited into the wrong shape fails loudly, naming the file and the column.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["data_dir", "datapackage", "catalog", "load", "identifier_url"]

_PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
}


_ID_LINKS = {
    "doi": "https://doi.org/{}",
    "pmid": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "pmcid": "https://pmc.ncbi.nlm.nih.gov/articles/{}/",
}


def identifier_url(identifier: str) -> str | None:
    """The address a reader can click for one primary identifier of a published figure.

    Parameters
    ----------
    identifier : str
        One token of a ``primary_id`` column: ``doi:10.NNNN/...``, ``pmid:N``, ``pmcid:PMCN``,
        a ClinicalTrials.gov id (``NCT`` and 8 digits), ``isbn:...`` or an official ``https://`` address.

    Returns
    -------
    str or None
        The resolver address (doi.org, PubMed, PMC, ClinicalTrials.gov) or the official address
        itself; None for an ISBN, which has no resolver.

    Raises
    ------
    ValueError
        If the identifier has none of these forms.

    Examples
    --------
    >>> from lbpkit.data import identifier_url
    >>> identifier_url("doi:10.1001/jamanetworkopen.2025.47915")
    'https://doi.org/10.1001/jamanetworkopen.2025.47915'
    >>> identifier_url("NCT04828330")
    'https://clinicaltrials.gov/study/NCT04828330'
    """
    if not isinstance(identifier, str):
        raise TypeError(f"identifier must be a string such as 'doi:10.1002/acr.22533', not {type(identifier).__name__}.")
    kind, _, rest = identifier.partition(":")
    if identifier.startswith(("https://", "http://")):
        return identifier
    if kind in _ID_LINKS and rest:
        return _ID_LINKS[kind].format(rest)
    if kind == "isbn" and rest:
        return None
    if identifier.startswith("NCT") and identifier[3:].isdigit() and len(identifier) == 11:
        return f"https://clinicaltrials.gov/study/{identifier}"
    raise ValueError(
        f"{identifier!r} is not a primary identifier; use doi:10.NNNN/..., pmid:N, pmcid:PMCN, "
        "NCT00000000, isbn:... or an official https:// address."
    )


def data_dir() -> Path:
    """Return the folder that holds ``datapackage.json``.

    The environment variable ``LBPKIT_DATA_DIR`` overrides the default. Otherwise the copy of
    ``data/`` that a built install (``pip install .``, a wheel) carries inside the package
    (``lbpkit/_data``) is used, and, in a clone of the repository or an editable install, the
    ``data/`` folder beside the ``lbpkit`` package.

    Examples
    --------
    >>> from lbpkit.data import data_dir
    >>> (data_dir() / "datapackage.json").exists()
    True
    """
    override = os.environ.get("LBPKIT_DATA_DIR")
    package = Path(__file__).resolve().parent
    # The packaged copy first: beside an installed package, "data/" would be site-packages/data.
    candidates = [Path(override)] if override else [package / "_data", package.parent / "data"]
    for folder in candidates:
        if (folder / "datapackage.json").exists():
            return folder
    raise FileNotFoundError(
        f"No datapackage.json in {' or '.join(str(folder) for folder in candidates)}. lbpkit reads its "
        "data from the kit's data/ folder: run the notebooks from the kit's folder (a clone, or the "
        "folder an nbgitpuller link made), install the kit with `pip install .` from that folder, or "
        "set LBPKIT_DATA_DIR to the folder that holds datapackage.json."
    )


@lru_cache(maxsize=4)
def _read_datapackage(path: str, mtime: float) -> dict[str, Any]:
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def datapackage() -> dict[str, Any]:
    """Return the parsed ``data/datapackage.json`` (a dict; do not modify it).

    Examples
    --------
    >>> from lbpkit.data import datapackage
    >>> "resources" in datapackage()
    True
    """
    path = data_dir() / "datapackage.json"
    return _read_datapackage(str(path), path.stat().st_mtime)


def _resource(name: str) -> dict[str, Any]:
    resources = {res["name"]: res for res in datapackage()["resources"]}
    if not isinstance(name, str):
        raise TypeError(f"name must be a string such as 'gbd2021_lbp_burden', not {type(name).__name__}.")
    if name not in resources:
        known = ", ".join(sorted(resources))
        raise ValueError(f"No data set named {name!r}. Known names: {known}. See lbpkit.data.catalog().")
    return resources[name]


def _source_text(resource: dict[str, Any]) -> str:
    return "; ".join(src.get("title", "") for src in resource.get("sources", []))


def catalog() -> pd.DataFrame:
    """List every data set of the kit, one row each.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``name``, with columns ``title``, ``path``, ``synthetic``, ``columns``
        (number of columns in its schema), ``source``, ``licence`` and ``description``.

    Examples
    --------
    >>> from lbpkit.data import catalog
    >>> cat = catalog()
    >>> {"title", "path", "synthetic", "source", "licence"} <= set(cat.columns)
    True
    """
    rows = []
    for res in datapackage()["resources"]:
        rows.append(
            {
                "name": res["name"],
                "title": res.get("title", ""),
                "path": res["path"],
                "synthetic": bool(res.get("synthetic", False)),
                "columns": len(res["schema"]["fields"]),
                "source": _source_text(res),
                "licence": "; ".join(lic.get("name", "") for lic in res.get("licenses", [])),
                "description": res.get("description", ""),
            }
        )
    columns = ["name", "title", "path", "synthetic", "columns", "source", "licence", "description"]
    return pd.DataFrame(rows, columns=columns).set_index("name")


def _shape_error(resource: dict[str, Any], message: str) -> ValueError:
    return ValueError(
        f"data/{resource['path']} (data set {resource['name']!r}): {message} "
        f"The file no longer matches its description in data/datapackage.json; restore it "
        f"(e.g. `git checkout -- data/{resource['path']}`) or update the schema with it."
    )


def _convert_column(raw: pd.Series, field: dict[str, Any], resource: dict[str, Any]) -> pd.Series:
    kind = field.get("type", "string")
    name = field["name"]
    if kind == "string":
        return raw.astype("string")
    if kind in ("integer", "number"):
        converted = pd.to_numeric(raw, errors="coerce")
        bad = raw.notna() & converted.isna()
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise _shape_error(
                resource,
                f"column {name!r} should hold {kind}s, but data row {row + 1} holds {raw.iloc[row]!r}.",
            )
        if kind == "integer":
            fractional = converted.notna() & (converted != np.floor(converted.fillna(0)))
            if fractional.any():
                row = int(np.flatnonzero(fractional.to_numpy())[0])
                raise _shape_error(
                    resource,
                    f"column {name!r} should hold whole numbers, but data row {row + 1} holds "
                    f"{raw.iloc[row]!r}.",
                )
        return converted.astype(_PANDAS_DTYPES[kind])
    if kind == "boolean":
        lookup = {"true": True, "false": False, "1": True, "0": False}
        lowered = raw.astype("string").str.strip().str.lower()
        bad = lowered.notna() & ~lowered.isin(list(lookup))
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise _shape_error(
                resource, f"column {name!r} should hold true/false, but data row {row + 1} holds {raw.iloc[row]!r}."
            )
        return lowered.map(lookup).astype("boolean")
    raise _shape_error(resource, f"column {name!r} has a type {kind!r} that lbpkit cannot read.")


def load(name: str) -> pd.DataFrame:
    """Load one of the kit's data sets, checked against its schema.

    Parameters
    ----------
    name : str
        The data set's name in ``data/datapackage.json`` (see :func:`catalog`).

    Returns
    -------
    pandas.DataFrame
        One column per schema field, typed as the schema says (``string``, nullable ``Int64``,
        ``Float64`` or ``boolean``). ``.attrs`` holds ``name``, ``title``, ``path``,
        ``source`` (the citations, joined), ``sources`` (a list of dicts with ``title`` and
        ``path``), ``licence`` and ``synthetic``.

    Raises
    ------
    ValueError
        If the name is unknown, or the file's columns or values do not match the schema (the
        message names the file and the column).

    Examples
    --------
    >>> from lbpkit.data import load
    >>> table = load("flares_published_or")
    >>> table.attrs["synthetic"]
    False
    """
    resource = _resource(name)
    path = data_dir() / resource["path"]
    if not path.exists():
        raise FileNotFoundError(f"data/{resource['path']} (data set {name!r}) is missing; restore it from git.")
    missing_values = resource["schema"].get("missingValues", [""])
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=missing_values, comment=None)
    fields = resource["schema"]["fields"]
    expected = [field["name"] for field in fields]
    if list(raw.columns) != expected:
        absent = [col for col in expected if col not in raw.columns]
        extra = [col for col in raw.columns if col not in expected]
        detail = []
        if absent:
            detail.append(f"missing column(s) {absent}")
        if extra:
            detail.append(f"unexpected column(s) {extra}")
        if not detail:
            detail.append(f"columns in the wrong order (expected {expected})")
        raise _shape_error(resource, "; ".join(detail) + ".")
    table = pd.DataFrame({field["name"]: _convert_column(raw[field["name"]], field, resource) for field in fields})
    for field in fields:
        constraints = field.get("constraints", {})
        column = table[field["name"]]
        if constraints.get("required") and column.isna().any():
            row = int(np.flatnonzero(column.isna().to_numpy())[0])
            raise _shape_error(resource, f"column {field['name']!r} must not be empty, but data row {row + 1} is.")
        if "enum" in constraints:
            outside = column.notna() & ~column.isin(constraints["enum"])
            if outside.any():
                row = int(np.flatnonzero(outside.to_numpy())[0])
                raise _shape_error(
                    resource,
                    f"column {field['name']!r} must be one of {constraints['enum']}, but data row {row + 1} "
                    f"holds {column.iloc[row]!r}.",
                )
    table.attrs = {
        "name": name,
        "title": resource.get("title", ""),
        "path": f"data/{resource['path']}",
        "source": _source_text(resource),
        "sources": [dict(src) for src in resource.get("sources", [])],
        "licence": "; ".join(lic.get("name", "") for lic in resource.get("licenses", [])),
        "synthetic": bool(resource.get("synthetic", False)),
    }
    return table
