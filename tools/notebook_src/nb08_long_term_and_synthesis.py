"""Notebook 08: long-term association, what "no association" means, transient vs long-term, synthesis."""

from nbauthor import GLOSSARY_URL, Notebook

G = GLOSSARY_URL

IMPORTS = """\
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from lbpkit import check, load
from lbpkit.flares_twin import ACTIVITIES, DEFAULT_SEED, participants_table, simulate_flares_cohort
from lbpkit.longterm import minimal_detectable_effect, ols_by_exposure
from lbpkit.plots import forest_plot
from lbpkit.published import e_value, published_or_table, rescale_or

SEED = DEFAULT_SEED  # the documented seed of the kit's synthetic FLAReS twin
pd.set_option("display.precision", 3)
"""


def build() -> Notebook:
    nb = Notebook(
        filename="08_long_term_and_synthesis.ipynb",
        title="08 · Transient risk and long-term outcomes: the cohort aim and a synthesis",
        objectives=[
            "fit the FLAReS aim-2 cohort model (1-year RMDQ on mean activity hours in weeks 1–8) on a synthetic twin",
            "judge what a null result can and cannot show, using confidence intervals and the minimal detectable effect",
            "contrast transient trigger risk with long-term outcomes, using the exertion and myocardial infarction literature",
            "compute and interpret E-values for the published odds ratios",
            "summarise the FLAReS evidence for a patient and for a journal club",
        ],
        prerequisites=["06_reading_the_flares_study", "07_reanalysis_transient_risk"],
        minutes={"teaching": 45, "exercises": 25},
        imports=IMPORTS,
    )
    _cohort_aim(nb)
    _null_result(nb)
    _transient_vs_longterm(nb)
    _evalues(nb)
    _synthesis(nb)
    return nb


def _cohort_aim(nb: Notebook) -> None:
    nb.md(f"""
    ## 1. The cohort aim on a synthetic twin

    FLAReS aim 2 asked whether people who spend more hours on the ten activities in their first
    8 weeks have worse functional limitation ([RMDQ]({G}#rmdq)) one year later. The published answer
    is "no association"; the coefficients, their CIs and the covariates were not found in the
    sources. We rebuild the analysis on the synthetic twin, whose 1-year RMDQ has a **planted zero**
    effect of activity (an assumption of the twin, mirroring the published summary).
    """)
    nb.code("""\
    people = participants_table(simulate_flares_cohort(seed=SEED))
    exposure_cols = [f"mean8w_hours_{a}" for a in ACTIVITIES]
    no_early_survey = people[exposure_cols].isna().any(axis=1)
    print(f"{no_early_survey.sum()} of {len(people)} synthetic participants had no scheduled survey in weeks 1-8 and are left out")
    analysed = people[~no_early_survey]
    aim2_like = analysed[~analysed["has_flare_and_scheduled"]]
    print(f"Analysed (synthetic): all {len(analysed)}; 'aim-2-like' subgroup {len(aim2_like)}")
    """)
    nb.md("""
    One OLS model (ordinary least squares: an ordinary linear regression) per activity, adjusted
    for baseline RMDQ (we assume this adjustment; whether FLAReS made it was not found). We fit it
    twice: in the twin's "aim-2-like" participants and in everyone. "Aim-2-like" means those
    without both survey types — our *assumption* about who formed aim 2, since the rule that
    split participants between the aims was not found.
    """)
    nb.code("""\
    fits = {
        label: ols_by_exposure(data, outcome="rmdq_1y", exposures=exposure_cols, covariates=["rmdq_baseline"])
        for label, data in [("aim-2-like", aim2_like), ("all participants", analysed)]
    }
    slopes = pd.concat(fits, names=["sample (synthetic)", "exposure"]).reset_index()
    slopes["activity"] = slopes["exposure"].str.replace("mean8w_hours_", "")
    slopes["slope (95% CI)"] = slopes.apply(lambda r: f"{r.slope:.2f} ({r.ci_lower:.2f} to {r.ci_upper:.2f})", axis=1)
    slopes.pivot(index="activity", columns="sample (synthetic)", values="slope (95% CI)")
    """)
    nb.code("""\
    misses = slopes[(slopes["ci_lower"] > 0) | (slopes["ci_upper"] < 0)]
    print(f"{len(misses)} of {len(slopes)} synthetic intervals exclude the planted 0:")
    for _, r in misses.iterrows():
        print(f"  {r['activity']} ({r['sample (synthetic)']}): {r['slope (95% CI)']}")
    """)
    nb.md(f"""
    The planted effect is zero for every activity, yet an interval can exclude zero: each 95%
    interval misses the truth with probability 5%, so with ten activities in two samples about one
    interval in twenty is expected to miss by chance alone. This is the
    [multiplicity]({G}#multiplicity) problem of notebook 06 (§6.4) and notebook 07 (Holm,
    Benjamini–Hochberg): a lone "significant" slope among many is what chance produces.
    """)
    nb.code("""\
    slopes["row"] = slopes["activity"] + " (" + slopes["sample (synthetic)"] + ")"
    ax = forest_plot(slopes.sort_values(["activity", "sample (synthetic)"]), estimate="slope", label="row",
                     group="sample (synthetic)", null=0, log=False,
                     xlabel="Change in 1-year RMDQ (points) per mean hour in weeks 1-8",
                     title="1-year RMDQ vs early activity hours (synthetic twin, planted effect 0)")
    ax.figure.set_size_inches(7.5, 8)
    plt.show()
    """)
    nb.exercise(
        "08.width-ratio",
        "How much wider is the small sample's interval?",
        """
        For lifting, divide the width of the 95% CI (upper − lower) in the aim-2-like sample by its
        width in all participants (a ratio, three significant digits). Compute it from the unrounded
        `ci_lower` and `ci_upper` columns of `slopes` (rows with `activity == "lifting"`), not from
        the rounded text in the table. Before you compute it, guess from the sample sizes: CI width
        scales roughly as 1/√n.
        """,
        "width_ratio",
        """
        lift = slopes[slopes["activity"] == "lifting"].set_index("sample (synthetic)")
        width = lift["ci_upper"] - lift["ci_lower"]
        width_ratio = width["aim-2-like"] / width["all participants"]
        print(f"{width_ratio:.3g}; sqrt of the size ratio: {np.sqrt(len(analysed) / len(aim2_like)):.3g}")
        """,
        predict=True,
    )


def _null_result(nb: Notebook) -> None:
    nb.md(f"""
    ## 2. What "no association" can and cannot mean

    A null result is informative only when the confidence interval excludes effects that would
    matter. Without the published CIs we can still ask how large an effect aim 2 *could* have
    detected: the [minimal detectable effect]({G}#minimal-detectable-effect). For one slope in an
    OLS model the test is an F test with 1 and n − k − 2 degrees of freedom (it compares the
    variance explained with and without the slope; with k covariates, n − k − 2 is what is left of
    the n observations after estimating the intercept, the covariates and the slope). statsmodels'
    `FTestPowerF2` solves for the smallest [Cohen's f²]({G}#cohens-f2) with the stated
    [power]({G}#statistical-power); f² is the outcome variance the slope explains relative to the
    variance left unexplained. We also express it as a **partial r**: the correlation between
    exposure and outcome once baseline RMDQ has been taken out of both (r = √(f² / (1 + f²))).
    **Assumptions:** two-sided α = 0.05, power 80%, one covariate (baseline RMDQ).
    """)
    nb.code("""\
    design = load("flares_design").set_index(["quantity", "sample"])["value"]
    sizes = {"aim 2 (published)": design[("participants_aim2_cohort", "aim 2")],
             "whole sample (published)": design[("participants", "whole sample")],
             "Pain 2025 paper (published)": design[("participants", "Pain 2025 paper")]}
    mde = minimal_detectable_effect([int(n) for n in sizes.values()], alpha=0.05, power=0.8, n_covariates=1)
    mde.index = list(sizes)
    print("Sample sizes from:", load("flares_design").attrs["title"])
    mde[["n", "df_denom", "f2", "partial_r"]]
    """)
    nb.exercise(
        "08.mde-71",
        "Smallest detectable correlation with 90% power",
        """
        Many trials plan for 90% rather than 80% power. Using `minimal_detectable_effect`, what is
        the smallest (partial) correlation that aim 2 (n from the design table, one covariate,
        α = 0.05) would detect with **90%** power? Three significant digits.
        """,
        "r_71",
        """
        r_71 = float(minimal_detectable_effect(int(sizes["aim 2 (published)"]), power=0.9, n_covariates=1)["partial_r"].iloc[0])
        print(f"{r_71:.3g}")
        """,
    )
    nb.md("""
    To put the correlation in RMDQ points we need standard deviations, which FLAReS did not
    publish. The twin's SDs (synthetic, an assumption) give an order of magnitude:
    """)
    nb.code("""\
    sd_rmdq = float(analysed["rmdq_1y"].std())
    sd_lift = float(analysed["mean8w_hours_lifting"].std())
    in_points = minimal_detectable_effect([int(n) for n in sizes.values()], n_covariates=1, sd_exposure=sd_lift, sd_outcome=sd_rmdq)
    in_points.index = list(sizes)
    print(f"Synthetic SDs: 1-year RMDQ {sd_rmdq:.3g} points, mean lifting hours {sd_lift:.3g} h")
    in_points[["n", "partial_r", "slope"]].rename(columns={"slope": "RMDQ points per hour (synthetic SDs)"})
    """)
    nb.md("""
    **Reading it.** With 71 people only correlations of about 0.3 or more — a moderate-to-large
    association — were likely to be detected; with the whole sample, correlations less than half
    as large would have been. So:

    - *Can mean:* there was no large association in this group of 71 (mostly male Veterans who
      were, it seems, a different group from the aim-1 participants — an inference, notebook 06).
    - *Cannot mean:* that activity has no long-term effect at all, or that a small harm or benefit
      is ruled out. "No evidence of harm" is not "evidence of no harm".
    - **How much more informative a whole-sample analysis would be.** Aim 2 is reported with
      n = 71; the whole sample was 416 (and the Pain 2025 paper from the same study reports 465
      participants, D2). The table above shows how much smaller an association a long-term
      analysis of the whole sample could have detected — a question for future analyses, not a
      claim about what FLAReS did.
    """)


def _transient_vs_longterm(nb: Notebook) -> None:
    nb.md(f"""
    ## 3. Transient risk vs long-term outcomes: the exertion–heart attack precedent

    The FLAReS pattern — an activity is linked to a higher risk of an event in the next hours,
    while no long-term association was detected in people who do more of it — has a precedent.
    The case-crossover design was introduced by Maclure (1991) with pilot data on the onset of
    myocardial infarction (MI); heavy exertion as an MI trigger became one of its classic
    applications, and news coverage of FLAReS (medtigo) drew the comparison. The published relative risks (RR) below are read
    from `data/`.
    """)
    nb.code("""\
    mi = load("exertion_mi_triggers")
    print("Source:", mi.attrs["source"])
    mi[["study", "design", "exposure", "subgroup", "hazard_window_h", "estimate", "ci_lower", "ci_upper"]]
    """)
    nb.code("""\
    detail = mi["subgroup"].where(mi["subgroup"] != "all patients", mi["exposure"])
    shown = mi.assign(row=mi["study"] + ": " + detail + " [" + mi["design"].str.replace(" (self-matched)", "") + "]")
    ax = forest_plot(shown, estimate="estimate", label="row", xlabel="Relative risk of MI after exertion (log scale)",
                     title="Heavy exertion as an MI trigger (published: Mittleman, Willich 1993; von Klot 2008)")
    for i, missing in enumerate(shown["estimate"].isna()):
        if missing:  # kept visible: the value exists but was not found
            ax.text(1.05, len(shown) - 1 - i, "value not found in the sources", va="center", fontsize=8, color="grey")
    ax.figure.set_size_inches(8, 4.5)
    plt.show()
    """)
    nb.md(f"""
    Three lessons carry over to back pain:

    1. **Transient risk and long-term outcome are different questions.** Heavy exertion
       multiplied the risk of MI in the following hour several-fold. The medtigo news report of
       FLAReS compares the pattern with vigorous exercise and myocardial infarction (short-term
       risk, long-term benefit, in the kit's sources only as a paraphrase); the
       long-term heart data are not among this kit's sources, so we do not quantify them. For back
       pain, FLAReS aim 2 found *no association* with 1-year function — not a benefit — and
       trials of prescribed exercise say nothing directly about occupational loads such as
       lifting. A [transient risk]({G}#transient-risk) answers "what happens right after?", not
       "what happens to people who do more of it?".
    2. **Habitual exposure modifies the transient risk.** In Mittleman 1993 the triggered risk was
       far higher in people who rarely exerted themselves than in those who did so several times
       a week (the ≥ 5 per week value was not found, so that row is empty). Whether people who
       lift often have a smaller per-hour flare risk is unknown for FLAReS — a question for the
       full paper.
    3. **Two designs agreeing strengthens a finding.** Willich 1993 analysed the same patients as
       a case-crossover and as a matched case-control study and got the same RR.
    """)
    nb.exercise(
        "08.habitual-ratio",
        "How much does habitual exertion change the triggered risk?",
        """
        From `mi`, divide Mittleman 1993's RR for people exerting themselves less than once a week
        by the RR for those exerting themselves 3–4 times a week (three significant digits).
        """,
        "habit_ratio",
        """
        rr = mi[mi["study"] == "Mittleman 1993"].set_index("subgroup")["estimate"]
        habit_ratio = float(rr["habitual heavy exertion <1 per week"] / rr["habitual heavy exertion 3-4 per week"])
        print(f"{habit_ratio:.3g}")
        """,
    )


def _evalues(nb: Notebook) -> None:
    nb.md(f"""
    ## 4. E-values: how strong would hidden confounding have to be?

    Self-matching removes fixed confounders, not day-to-day ones (stress, sleep, a heavy workday).
    The [E-value]({G}#e-value) (VanderWeele & Ding 2017) is the minimum strength of association, on
    the risk-ratio scale, that an unmeasured confounder would need with both the exposure and the
    flare to explain the estimate away. A case-crossover OR estimates a rate ratio for a short,
    rare-event window, so we use OR ≈ RR (`rare_outcome=True`). Per hour the ORs are close to 1,
    so their E-values are small; for a 4-hour afternoon (notebook 07's assumption) they are larger
    — a larger exposure contrast, not a more robust finding (see below).
    """)
    nb.exercise(
        "08.evalue-lifting",
        "E-value for the lifting OR per hour",
        """
        Predict first: will the E-value of an OR of 1.05 be close to 1.05, or clearly larger?
        Then compute it **by hand** with RR + √(RR × (RR − 1)), using the published per-hour OR for
        lifting as the RR (three significant digits).
        """,
        "ev_lifting",
        """
        rr = float(load("flares_published_or").set_index("activity").loc["lifting", "odds_ratio"])
        ev_lifting = rr + np.sqrt(rr * (rr - 1))
        print(f"{ev_lifting:.3g}")
        """,
        predict=True,
    )
    nb.code("""\
    table = published_or_table()
    tidy = table[table["odds_ratio"].notna()].set_index("activity")
    afternoon = [e_value(*rescale_or(r.odds_ratio, to=4, ci_lower=r.ci_lower, ci_upper=r.ci_upper)) for r in tidy.itertuples()]
    tidy[["e_value_4h", "e_value_4h_ci"]] = pd.DataFrame(afternoon, index=tidy.index)
    print("Source:", table.attrs["source"][:120], "...")
    tidy[["odds_ratio", "ci_lower", "ci_upper", "e_value", "e_value_ci", "e_value_4h", "e_value_4h_ci"]]
    """)
    nb.md("""
    **Reading it.** An unmeasured day-level confounder associated with both an extra hour of
    lifting and a flare by a risk ratio of about 1.3 each could explain the per-hour OR away; the
    CI's E-value is smaller still. The 4-hour E-values are larger, but they do not mean the
    finding is more robust: under the log-linear model, a day-level confounder that explains away
    the per-hour OR also explains away the 4-hour OR, because its association with a 4-hour
    contrast grows in the same way. The larger E-value restates the same robustness for a larger
    exposure contrast. Plausible day-level confounders (a heavy workday with stress and poor sleep) could well reach such
    strengths — one more reason to read the published ORs as "hours with this activity, and what
    comes with them".
    """)


def _synthesis(nb: Notebook) -> None:
    nb.md("""
    ## 5. What a clinician could tell a patient

    > "In this study, hours with bending, lifting, twisting and similar activities were linked to
    > a higher short-term chance of a flare in the next day or so. For most people the extra chance
    > on any one day is small. Whether doing more of these activities early on matters a year later
    > could not be settled: no difference was detected, but in a small group (71 people), so a
    > modest effect either way could have been missed."

    Every clause maps to something we computed: the per-hour ORs (notebook 06), their absolute
    size at a stated baseline (07), and the null result and its limits (section 2). Advice a
    clinician may add — "keep doing what matters to you", pacing a task — is clinical opinion, not
    a result of this kit; note that spreading an activity over more hours *raises* the exposure as
    FLAReS measured it (notebook 06, §6.5). What we would *not* say: "sitting protects your back"
    (notebook 07 showed why), or "activity is proven harmless long-term" (section 2).

    ## 6. Closing journal-club summary

    | question | our verdict |
    |---|---|
    | Does the design fit aim 1? | Yes: a case-crossover suits brief, intermittent exposures and abrupt flares. |
    | Are the transient associations credible? | Probably, in direction: consistent per-hour ORs, narrow CIs, robust to multiplicity; but recall, control-period choice and day-level confounding could each move them, and E-values per hour are small. |
    | What do the ORs mean in practice? | Small relative changes per hour that compound over an afternoon; their absolute size depends on a baseline flare rate FLAReS did not publish. |
    | Does aim 2 show activity is harmless long-term? | It shows no large association in a small group (n = 71, apparently separate from aim 1); it cannot rule out modest effects. |
    | What is missing from the public record? | The model, four ORs, all p-values, aim-2 coefficients, counts of flares and controls, the aim split, and the reason for 465 vs 416 participants. |
    | To whom does it apply? | Mostly male Veterans in VA primary care. Within-person ORs are not biased by fixed differences between populations, but their size can differ between groups (effect modification: Steffens' heavy-load OR fell with age, Mittleman's exertion RR with habitual exertion); baseline risks will differ too. |
    """)
    nb.key_points([
        "Transient risk (case-crossover) and long-term outcomes (cohort) are different questions; FLAReS addressed both, with very different sample sizes.",
        "A null long-term result is only as informative as its confidence interval; with 71 participants only fairly large associations were detectable.",
        "In the exertion–MI literature the triggered risk was much smaller in habitually active people (Mittleman 1993); for back pain, FLAReS aim 2 found no long-term association — not a benefit.",
        "Per-hour ORs near 1 have small E-values; interpret them as associations with hours of an activity and what comes with them.",
        "Tell patients the absolute, short-lived nature of flare risk and the limits of the long-term evidence.",
    ])
    nb.further_reading([
        "Suri P, et al. JAMA Netw Open 2025;8(12):e2547915 (FLAReS; figures here via the sources cited in `data/datapackage.json`).",
        "Maclure M. The case-crossover design: a method for studying transient effects on the risk of acute events. Am J Epidemiol 1991;133(2):144-153.",
        "Mittleman MA, et al. Triggering of acute myocardial infarction by heavy physical exertion. N Engl J Med 1993;329:1677-1683.",
        "Willich SN, et al. Physical exertion as a trigger of acute myocardial infarction. N Engl J Med 1993;329:1684-1690.",
        "von Klot S, et al. Intensity of physical exertion and triggering of myocardial infarction: a case-crossover study. Eur Heart J 2008.",
        "VanderWeele TJ, Ding P. Sensitivity analysis in observational research: introducing the E-value. Ann Intern Med 2017;167(4):268-274.",
        "Cohen J. Statistical Power Analysis for the Behavioral Sciences. 2nd ed. Hillsdale, NJ: Lawrence Erlbaum; 1988 (f² and power for regression).",
        "Maclure M, Mittleman MA. Should we use a case-crossover design? Annu Rev Public Health 2000;21:193-221.",
    ])
