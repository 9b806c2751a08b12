"""The deck's figures, drawn at print time with lbpkit's plotting functions, in either language.

Each figure has ``data(n)`` (what it shows, JSON-able: part of the PDFs' input hash), ``labels(lang)``
and ``draw(data, labels, lang, path)``. The hash covers the data, the labels and ``draw``'s source,
so it does not depend on the matplotlib version that renders the PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from journal_club_numbers import AFTERNOON_HOURS, fmt

DPI = 150


@dataclass(frozen=True)
class Figure:
    data: Callable[[dict], dict]
    labels: Callable[[str], dict]
    draw: Callable[[dict, dict, str, Path], None]
    alt: dict[str, str]


def _decimal_axis(axis, lang: str, digits: int = 2) -> None:
    from matplotlib.ticker import FuncFormatter

    axis.set_major_formatter(FuncFormatter(lambda v, _: fmt(v, digits, lang)))


# --- the windows of one person -------------------------------------------------------------------


def windows_data(n: dict) -> dict:
    hours = float(n["window_hours"])
    # Two scheduled surveys at illustrative times (5 and 10 days before the flare).
    return {"hazard": [0.0, hours], "referents": [[120.0, 120.0 + hours], [240.0, 240.0 + hours]],
            "horizon": 264.0 + hours}


def windows_labels(lang: str) -> dict:
    if lang == "en":
        return {"title": "One person, schematic: the hours before a flare and before two scheduled surveys",
                "hazard": "hazard window", "referent": "referent", "onset": " flare", "xlabel": "Days before the flare"}
    return {"title": "Én person, skjematisk: timene før et oppbluss og før to planlagte spørreskjemaer",
            "hazard": "risikovindu", "referent": "kontrollvindu", "onset": " oppbluss", "xlabel": "Dager før oppblusset"}


def windows_draw(data: dict, labels: dict, lang: str, path: Path) -> None:
    import matplotlib.pyplot as plt
    import pandas as pd
    from lbpkit import window_timeline

    rows = [{"window": labels["hazard"], "kind": "hazard", "start": data["hazard"][0], "end": data["hazard"][1]}]
    rows += [{"window": labels["referent"], "kind": "referent", "start": a, "end": b} for a, b in data["referents"]]
    fig, ax = plt.subplots(figsize=(9, 2.8), layout="constrained")
    window_timeline(pd.DataFrame(rows), title=labels["title"], xlabel=labels["xlabel"], horizon=data["horizon"], ax=ax)
    for text in ax.texts:
        text.set_fontsize(14)
        if text.get_text() == " onset":
            text.set_text("")
    days = range(0, int(data["horizon"] // 24) + 1, 2)
    ax.set_xticks([-24 * d for d in days], [fmt(d, 0, lang) for d in days])
    ax.set_title(labels["title"], fontsize=14)
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)


# --- the published forest plot --------------------------------------------------------------------


def forest_data(n: dict) -> dict:
    import pandas as pd
    from journal_club_values import activity_label

    def num(value):
        return None if pd.isna(value) else float(value)

    rows = []
    for activity, row in n["published"].iterrows():
        rows.append({"activity": activity, "label_en": activity_label(activity, row["activity_label"], n, "en"),
                     "label_nb": activity_label(activity, row["activity_label"], n, "nb"),
                     "or": num(row["odds_ratio"]), "lower": num(row["ci_lower"]), "upper": num(row["ci_upper"])})
    return {"rows": rows}


def forest_labels(lang: str) -> dict:
    if lang == "en":
        return {"title": "Published ORs per extra hour (news reports of the paper)\nno point: not in the kit's sources",
                "xlabel": "Odds ratio per extra hour (log scale)"}
    return {"title": "Publiserte OR per ekstra time (nyhetsomtaler av artikkelen)\nuten punkt: ikke i kildene",
            "xlabel": "Oddsratio per ekstra time (logaritmisk skala)"}


def forest_draw(data: dict, labels: dict, lang: str, path: Path) -> None:
    import matplotlib.pyplot as plt
    import pandas as pd
    from lbpkit import forest_plot

    table = pd.DataFrame([{"label": r[f"label_{lang}"], "odds_ratio": r["or"], "ci_lower": r["lower"],
                           "ci_upper": r["upper"]} for r in data["rows"]], dtype=object)
    for column in ("odds_ratio", "ci_lower", "ci_upper"):
        table[column] = pd.to_numeric(table[column])
    fig, ax = plt.subplots(figsize=(9, 5), layout="constrained")
    forest_plot(table, title=labels["title"], label="label", xlabel=labels["xlabel"], ax=ax)
    ax.set_xticks([0.94, 0.97, 1.0, 1.03, 1.06, 1.09])
    _decimal_axis(ax.xaxis, lang)
    ax.xaxis.set_minor_formatter(plt.NullFormatter())
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)


# --- absolute risk at three baselines --------------------------------------------------------------


def absolute_data(n: dict) -> dict:
    from lbpkit import load

    freq = load("flare_frequency").set_index("study")
    rows = []
    for key, rate in n["baselines"].items():
        extra = n["extra"][key]
        rows.append({"key": key, "per_year": rate * 365, "extra": float(extra["difference"]),
                     "lower": float(extra["difference_lower"]), "upper": float(extra["difference_upper"])})
    return {"rows": rows, "pilot_flares": float(freq.loc["Suri 2011 pilot", "value"]),
            "weeks": float(freq.loc["Suri 2011 pilot", "follow_up_days"]) / 7, "hours": AFTERNOON_HOURS}


def absolute_labels(lang: str) -> dict:
    if lang == "en":
        return {"flares": "FLAReS, news median", "suri2011": "Suri 2011 pilot", "suri2018": "Suri 2018 study",
                "per_year": "flares a year", "xlabel": "Extra flares per 1000 days",
                "title": "The same OR, three baselines (lines: 95% interval from the OR)"}
    return {"flares": "FLAReS, median i nyhetsomtaler", "suri2011": "Suri 2011, pilot", "suri2018": "Suri 2018",
            "per_year": "oppbluss i året", "xlabel": "Ekstra oppbluss per 1000 dager",
            "title": "Samme OR, tre utgangsnivåer (strek: 95 % intervall fra OR)"}


def absolute_draw(data: dict, labels: dict, lang: str, path: Path) -> None:
    import matplotlib.pyplot as plt

    rows = data["rows"]
    fig, ax = plt.subplots(figsize=(9, 4.4), layout="constrained")
    names = [f"{labels[r['key']]}\n{fmt(r['per_year'], 0, lang)} {labels['per_year']}" for r in rows]
    y = list(range(len(rows)))[::-1]
    ax.barh(y, [r["extra"] for r in rows], color="#4c72b0",
            xerr=[[r["extra"] - r["lower"] for r in rows], [r["upper"] - r["extra"] for r in rows]], capsize=4)
    for yy, r in zip(y, rows):
        ax.annotate(" " + fmt(r["extra"], 1, lang), (r["upper"], yy), va="center", fontsize=14)
    ax.set_yticks(y, names)
    ax.set_xlabel(labels["xlabel"])
    ax.set_title(labels["title"])
    _decimal_axis(ax.xaxis, lang, 0)
    ax.set_xlim(0, max(r["upper"] for r in rows) * 1.2)
    fig.savefig(path, dpi=DPI, metadata={"Software": None})
    plt.close(fig)


FIGURES = {
    "windows": Figure(windows_data, windows_labels, windows_draw,
                      {"en": "Schematic time line: the window before a flare and windows before scheduled surveys",
                       "nb": "Skjematisk tidslinje: vinduet før et oppbluss og vinduer før planlagte spørreskjemaer"}),
    "forest": Figure(forest_data, forest_labels, forest_draw,
                     {"en": "Forest plot of the published odds ratios per extra hour",
                      "nb": "Forest-plott av de publiserte oddsratioene per ekstra time"}),
    "absolute": Figure(absolute_data, absolute_labels, absolute_draw,
                       {"en": "Extra flares per 1000 days after an afternoon of lifting, at three baselines",
                        "nb": "Ekstra oppbluss per 1000 dager etter en ettermiddag med løfting, ved tre utgangsnivåer"}),
}


def render(name: str, n: dict, lang: str, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    fig = FIGURES[name]
    with matplotlib.rc_context({"font.size": 16, "axes.titlesize": 16, "xtick.labelsize": 15, "ytick.labelsize": 15}):
        fig.draw(fig.data(n), fig.labels(lang), lang, path)
