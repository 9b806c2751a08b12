"""The placeholders and generated tables of the journal-club pack, per language.

:func:`values` maps each placeholder name of the templates in ``docs/journal_club/src/`` to its
text in one language; the ``or_table`` … ``plan_tables`` functions write the generated tables.
Every number goes through :func:`journal_club_numbers.fmt`.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import journal_club_numbers as jc
from journal_club_numbers import AFTERNOON_HOURS, LIVE, WORKDAY_HOURS, fmt, fmt_ci, fmt_sig

SRC = Path(__file__).resolve().parents[1] / "docs" / "journal_club" / "src"

# Citation metadata (not data): the paper, its protocol and the Norwegian news summary.
PAPER = ("Suri P, Timmons AKI, Korpak AM, et al. Transient and Long-Term Risks of Common Physical "
         "Activities in People With Low Back Pain. *JAMA Netw Open* 2025;8(12):e2547915.")
DOI = "10.1001/jamanetworkopen.2025.47915"
PROTOCOL = "BMC Musculoskelet Disord 2022;23:376, doi:10.1186/s12891-022-05281-1"
REGISTRY = "NCT04828330"
NHI_TITLE = "Fysisk aktivitet ved lave ryggsmerter"
NHI_URL = "https://nhi.no/trening/aktivitet-og-helse/treningsrad-generelle/fysisk-aktivitet-ved-lave-ryggsmerter"
NHI_DATE = {"en": "updated 16 Feb 2026", "nb": "oppdatert 16. februar 2026"}

ACTIVITY_NB = {
    "lifting": "Løfte", "pushing_pulling": "Skyve eller trekke", "bending": "Bøye seg", "climbing": "Klatre",
    "twisting": "Vri seg", "squatting": "Sitte på huk", "crawling": "Krype", "sitting": "Sitte",
    "standing": "Stå", "walking": "Gå",
}
GRADE = {  # the quality grade words of the review's summary (data note), in each language
    "moderate": {"en": "moderate quality", "nb": "moderat kvalitet"},
    "low/very low": {"en": "low to very low quality", "nb": "lav til svært lav kvalitet"},
}


def _t(lang: str, en: str, nb: str) -> str:
    return en if lang == "en" else nb


def activity_label(activity: str, label_en: str, n: dict, lang: str) -> str:
    """The activity's name, with kg beside lb for lifting (10 lb ≈ 4.5 kg, computed)."""
    if activity == "lifting":
        base = _t(lang, "Lifting", "Løfte")
        return f"{base} >{fmt(n['lb'], 0, lang)} lb (≈{fmt(n['kg'], 1, lang)} kg)"
    return label_en if lang == "en" else ACTIVITY_NB[activity]


def _grade(row, lang: str) -> str:
    note = str(row["note"]).lower()
    key = next((k for k in GRADE if note.startswith(k.split("/")[0]) and (k != "low/very low" or "very low" in note)), None)
    if key is None:
        raise ValueError(f"no quality grade found in the note {row['note']!r} of {row.name}")
    rr = fmt_ci(float(row["value"]), float(row["lower"]), float(row["upper"]), 2, lang)
    return f"RR {rr}, {GRADE[key][lang]}"


def gardening_diaries(lang: str) -> str:
    """The seven made-up diaries of exercise 03.which-pairs (H1), from the exercise bank, as one line."""
    from lbpkit.exercises.bank.nb03 import GARDENING_DIARIES

    word = {"yes": _t(lang, "yes", "ja"), "no": _t(lang, "no", "nei")}
    return " · ".join(f"{name} {word[before]} / {word[earlier]}" for name, before, earlier in GARDENING_DIARIES)


def values(n: dict, lang: str) -> dict[str, str]:
    """Every placeholder's text in ``lang``."""
    lifting, sitting, day = n["lifting"], n["sitting"], n["day"]
    rates = jc_rates()
    return {
        "cite_full": f"{PAPER} doi:{DOI}.",
        "cite_short": "Suri et al., *JAMA Netw Open* 2025;8(12):e2547915",
        "gardening_diaries": gardening_diaries(lang),
        "doi": DOI,
        "registry": REGISTRY,
        "cite_protocol": PROTOCOL,
        "nhi_title": NHI_TITLE,
        "nhi_date": NHI_DATE[lang],
        "nhi_url": NHI_URL,
        "n_all": fmt(n["n_all"], 0, lang),
        "n_aim1": fmt(n["n_aim1"], 0, lang),
        "n_aim2": fmt(n["n_aim2"], 0, lang),
        "n_pain2025": fmt(n["n_pain2025"], 0, lang),
        "n_surveys": fmt(n["n_surveys"], 0, lang),
        "n_activities": fmt(n["n_activities"], 0, lang),
        "male": fmt(n["male"], 0, lang),
        "male_printed_pct": fmt(n["male_printed"], 0, lang, percent=True),
        "sex_recorded": fmt(n["sex_recorded"], 0, lang),
        "female_recombined_pct": fmt((n["n_aim1"] * n["female_aim1"] + n["n_aim2"] * n["female_aim2"])
                                     / (n["n_aim1"] + n["n_aim2"]), 1, lang, percent=True),
        "scheduled_median": fmt(n["scheduled_median"], 0, lang),
        "scheduled_max": fmt(n["scheduled_max"], 0, lang),
        "window_hours": fmt(n["window_hours"], 0, lang),
        "workday_hours": fmt(WORKDAY_HOURS, 0, lang),
        "afternoon_hours": fmt(AFTERNOON_HOURS, 0, lang),
        "flares_per_year": fmt(n["flares_per_year"], 0, lang),
        "sitting_or": fmt(sitting["odds_ratio"], 2, lang),
        "sitting_or_ci": fmt_ci(sitting["odds_ratio"], sitting["ci_lower"], sitting["ci_upper"], 2, lang),
        "lifting_or": fmt(lifting["odds_ratio"], 2, lang),
        "lifting_or_ci": fmt_ci(lifting["odds_ratio"], lifting["ci_lower"], lifting["ci_upper"], 2, lang),
        "day_or": fmt(day.odds_ratio, 1, lang),
        "day_or_ci": fmt_ci(day.odds_ratio, day.ci_lower, day.ci_upper, 2, lang),
        "extra_flares": fmt(n["extra"]["flares"]["difference"], 1, lang),
        "alpha_pct": fmt(5, 0, lang, percent=True),
        "no_false_positive": fmt(0.95, 2, lang),
        "mde_aim2": fmt(n["mde_aim2"], 2, lang),
        "mde_all": fmt(n["mde_all"], 2, lang),
        "steffens_exedu_grade": _grade(n["steffens_exedu"], lang),
        "steffens_ex_grade": _grade(n["steffens_ex"], lang),
        "wpm": fmt(rates["words_per_minute"], 0, lang),
    }


def jc_rates() -> dict:
    return tomllib.loads((SRC / "plans.toml").read_text(encoding="utf-8"))["rates"]


# --- generated tables -----------------------------------------------------------------------------


def or_table(n: dict, lang: str) -> str:
    import pandas as pd

    header = _t(lang, "| Activity | OR per extra hour (95% CI) |", "| Aktivitet | OR per ekstra time (95 % KI) |")
    missing = _t(lang, "not in the kit's sources: check the paper", "ikke i kildene: sjekk artikkelen")
    rows = []
    for activity, row in n["published"].iterrows():
        cell = missing if pd.isna(row["odds_ratio"]) else fmt_ci(row["odds_ratio"], row["ci_lower"], row["ci_upper"], 2, lang)
        rows.append(f"| {activity_label(activity, row['activity_label'], n, lang)} | {cell} |")
    return "\n".join([header, "|---|---|", *rows]) + "\n"


def summary_results(n: dict, lang: str) -> str:
    labels = {a: activity_label(a, row["activity_label"], n, lang).lower() for a, row in n["published"].iterrows()}
    rep = n["reported"]
    above = ", ".join(f"{labels[a]} {fmt_ci(r['odds_ratio'], r['ci_lower'], r['ci_upper'], 2, lang)}"
                      for a, r in rep.iterrows() if r["odds_ratio"] > 1)
    below = ", ".join(f"{labels[a]} {fmt_ci(r['odds_ratio'], r['ci_lower'], r['ci_upper'], 2, lang)}"
                      for a, r in rep.iterrows() if r["odds_ratio"] < 1)
    day, extra = n["day"], n["extra"]["flares"]
    f = lambda v, d=0: fmt(v, d, lang)  # noqa: E731
    missing = n["n_activities"] - n["n_reported"]
    if lang == "en":
        rows = [
            ("Higher odds of a flare, per extra hour", above, "published"),
            ("Lower odds", below, "published"),
            ("Not in the kit's sources", f"{f(missing)} of {f(n['n_activities'])} ORs; all p-values", "check the paper"),
            (f"Lifting over {f(WORKDAY_HOURS)} hours", f"OR {fmt_ci(day.odds_ratio, day.ci_lower, day.ci_upper, 2, lang)}: "
             "a wider interval, but the same strength of evidence", "kit"),
            ("Lifting's p-value", f"below {f(n['p_bound'], 4)}, however the printed interval was rounded", "kit"),
            (f"Correcting for {f(n['n_activities'])} tests (Holm)",
             f"{f(n['holm_worst_significant'])} of {f(n['n_reported'])} stay significant, even in the worst case "
             f"rounding allows and counting the {f(missing)} unreported as not significant", "kit"),
            (f"{f(AFTERNOON_HOURS)} hours of lifting, at {f(n['flares_per_year'])} flares a year",
             f"{f(extra['difference'], 1)} extra flares per 1000 days ({f(extra['difference_lower'], 1)} to "
             f"{f(extra['difference_upper'], 1)}; the baseline taken as known)", "kit"),
            ("One-year analysis: smallest correlation it could detect (80% power)",
             f"{f(n['mde_aim2'], 2)} with {f(n['n_aim2'])} people; {f(n['mde_all'], 2)} with all {f(n['n_all'])}", "kit"),
        ]
        head = "| Finding | Result | Source |"
    else:
        rows = [
            ("Høyere odds for oppbluss, per ekstra time", above, "publisert"),
            ("Lavere odds", below, "publisert"),
            ("Ikke i kildene", f"{f(missing)} av {f(n['n_activities'])} OR; alle p-verdier", "sjekk artikkelen"),
            (f"Løfting i {f(WORKDAY_HOURS)} timer", f"OR {fmt_ci(day.odds_ratio, day.ci_lower, day.ci_upper, 2, lang)}: "
             "bredere intervall, men like sterk evidens", "egen beregning"),
            ("p-verdien for løfting", f"under {f(n['p_bound'], 4)}, uansett hvordan det trykte intervallet er avrundet", "egen beregning"),
            (f"Korrigert for {f(n['n_activities'])} tester (Holm)",
             f"{f(n['holm_worst_significant'])} av {f(n['n_reported'])} er fortsatt signifikante, også i det verste tilfellet "
             f"avrundingen tillater, og når de {f(missing)} som ikke er rapportert, regnes som ikke signifikante", "egen beregning"),
            (f"{f(AFTERNOON_HOURS)} timer løfting, ved {f(n['flares_per_year'])} oppbluss i året",
             f"{f(extra['difference'], 1)} ekstra oppbluss per 1000 dager ({f(extra['difference_lower'], 1)} til "
             f"{f(extra['difference_upper'], 1)}; utgangsrisikoen regnet som kjent)", "egen beregning"),
            ("Ettårsanalysen: minste korrelasjon den kunne oppdage (80 % styrke)",
             f"{f(n['mde_aim2'], 2)} med {f(n['n_aim2'])} personer; {f(n['mde_all'], 2)} med alle {f(n['n_all'])}", "egen beregning"),
        ]
        head = "| Funn | Resultat | Kilde |"
    return "\n".join([head, "|---|---|---|", *(f"| {a} | {b} | {c} |" for a, b, c in rows)]) + "\n"


def answer_key(n: dict, lang: str) -> str:
    head = _t(lang, "| Code | Exercise in the kit | Answer |", "| Kode | Oppgave i notatbøkene | Svar |")
    rows = [f"| {ex.code} | `{ex.exercise_id}` | {jc.answer_text(ex.exercise_id, lang)} |" for ex in LIVE]
    return "\n".join([head, "|---|---|---|", *rows]) + "\n"


def calculator(n: dict, lang: str) -> str:
    from build_journal_club import fill, questions

    qs = questions(lang)
    keys_word, how_word = _t(lang, "Keys", "Taster"), _t(lang, "How", "Slik")
    presses = _t(lang, "key presses", "tastetrykk")
    parts = []
    for ex in LIVE:
        if not ex.code.startswith("C"):
            continue
        question = fill(qs[ex.code], lang, n, where=f"calculator {ex.code}")
        method = fill(qs["method"][ex.code], lang, n, where=f"calculator method {ex.code}")
        keys = jc.key_sequence(ex, n, lang)
        parts.append(f"### {ex.code} (`{ex.exercise_id}`)\n\n{question}\n\n*{how_word}:* {method}\n\n"
                     f"*{keys_word}:* `{keys}` ({fmt(jc.keypresses(keys), 0, lang)} {presses})\n")
    return "\n".join(parts)


def plan_tables(n: dict, lang: str, *, guide: bool = False, only: str | None = None) -> str:
    spec = tomllib.loads((SRC / "plans.toml").read_text(encoding="utf-8"))
    out = []
    for plan in (only,) if only else ("90", "60"):
        total, reserve = spec["plans"][plan]["total"], spec["plans"][plan]["reserve"]
        title = _t(lang, f"**The {total}-minute plan**", f"**Planen på {total} minutter**")
        head = _t(lang, "| Segment | Minutes | Notebook | What happens |", "| Del | Minutter | Notatbok | Hva skjer |")
        rows = [head, "|---|---:|---|---|"]
        for seg in spec["segment"]:
            minutes = seg["minutes"].get(plan, 0)
            if minutes:
                what = seg.get(f"what{plan}_{lang}", seg[f"what_{lang}"]) if plan == "60" else seg[f"what_{lang}"]
                rows.append(f"| {seg['title_' + lang]} | {minutes} | {seg['notebook']} | {what} |")
        rows.append(_t(lang, f"| Reserve | {reserve} | — | For overruns. |", f"| Reserve | {reserve} | — | Til overskridelser. |"))
        out.append(("" if guide else title + "\n\n") + "\n".join(rows) + "\n")
    return "\n".join(out)


# English, Norwegian, note in English, note in Norwegian.
TERMS = (
    ("flare", "oppbluss",
     "a worsening of the back pain lasting hours to weeks; chosen over «forverring», the word of the definition, "
     "because it names the event the study counts; NHI.no writes «oppblussing»",
     "en forverring av ryggsmertene som varer fra timer til uker; valgt fremfor «forverring», som er ordet i "
     "definisjonen, fordi det navngir hendelsen studien teller; NHI.no skriver «oppblussing»"),
    ("functional limitation", "funksjonsbegrensning",
     "not «funksjonshemming», which means a lasting disability", "ikke «funksjonshemming», som betyr varig nedsatt funksjonsevne"),
    ("Roland-Morris Disability Questionnaire (RMDQ)", "Roland-Morris funksjonsskjema (RMDQ)", "", ""),
    ("odds ratio (OR)", "oddsratio (OR)", "", ""),
    ("confidence interval (CI)", "konfidensintervall (KI)", "", ""),
    ("case-crossover design", "case-crossover-design", "", ""),
    ("hazard window", "risikovindu (eksponeringsvindu)", "", ""),
    ("referent window", "kontrollvindu (referansevindu)", "", ""),
    ("baseline risk", "utgangsrisiko", "", ""),
    ("rate ratio", "rateratio", "", ""),
    ("reverse causation", "omvendt årsakssammenheng", "", ""),
    ("confounding", "konfundering", "", ""),
    ("cohort", "kohort", "", ""),
    ("scheduled survey", "planlagt spørreskjema", "an online questionnaire", "et nettbasert spørreskjema"),
    ("everyday activities", "hverdagsaktiviteter", "", ""),
    ("prescribed exercise, exercise therapy", "forskrevet trening, øvelsesbehandling", "", ""),
    ("show of hands", "håndsopprekning", "", ""),
    ("handout", "arbeidsark", "", ""),
    ("facilitator", "møteleder", "", ""),
)


def terms(n: dict, lang: str) -> str:
    head = _t(lang, "| English | Norsk | Note |", "| Engelsk | Norsk | Merknad |")
    rows = [f"| {en} | {nb} | {note_en if lang == 'en' else note_nb} |" for en, nb, note_en, note_nb in TERMS]
    unit = _t(lang, "weights", "vekt")
    rows.append(f"| lb (pound) | kg | {unit}: {fmt(n['lb'], 0, lang)} lb ≈ {fmt(n['kg'], 1, lang)} kg |")
    return "\n".join([head, "|---|---|---|", *rows]) + "\n"
