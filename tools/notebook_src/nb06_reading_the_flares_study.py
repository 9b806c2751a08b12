"""Notebook 06: reading the FLAReS study (Suri et al. 2025) as a journal club."""

from nbauthor import GLOSSARY_URL, Notebook

G = GLOSSARY_URL

IMPORTS = """\
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from lbpkit import check, load
from lbpkit.plots import forest_plot

pd.set_option("display.max_colwidth", 120)
"""


def _details(answer: str) -> str:
    return f"<details><summary>Model answer</summary>\n\n{answer.strip()}\n\n</details>"


def build() -> Notebook:
    nb = Notebook(
        filename="06_reading_the_flares_study.ipynb",
        title="06 · Reading the FLAReS study: a journal club on Suri et al. 2025",
        objectives=[
            "state the two questions of FLAReS and the design that answers each",
            "describe who took part and how flares and activity hours were measured",
            "read the published per-hour odds ratios as a forest plot, and say which are unknown",
            "list the open inconsistencies in the public record and why they matter",
            "appraise the study: confounding, control periods, recall, multiplicity, exposure measurement, generalisability",
        ],
        prerequisites=["03_case_crossover_logic", "04_conditional_logistic_regression", "05_referents_and_bias_lab"],
        minutes={"teaching": 45, "exercises": 25},
        imports=IMPORTS,
    )
    _question_and_design(nb)
    _participants(nb)
    _results(nb)
    _unknowns(nb)
    _appraisal(nb)
    _discussion(nb)
    _closing(nb)
    return nb


def _question_and_design(nb: Notebook) -> None:
    nb.md(f"""
    ## How to use this notebook

    This is a [journal club]({G}#journal-club): we read one paper together, ask what it set out to
    do, check how it did it, and decide how far we trust it. The paper is

    > Suri P, et al. *JAMA Network Open* 2025;8(12):e2547915 (the **FLAReS** study: Flares of Low
    > back pain with Activity Research Study).

    **A warning about our sources.** The full text of the paper, its protocol and its supplement
    were not available to the kit's authors. Every number below was transcribed from abstracts,
    the trial registry and news reports, each cited in `data/`. Where the sources disagree or are
    silent, we say so instead of guessing. That is itself a journal-club skill: know what you
    know, and how you know it.

    ## 1. The question

    People with low back pain are often told to stay active, yet many notice that some activities
    seem to set off a flare. FLAReS asked two questions of the same people:

    1. **Aim 1 (short term):** does doing an activity in the past 24 hours raise the odds of a
       [flare]({G}#flare) right now? — a question about [transient risk]({G}#transient-risk).
    2. **Aim 2 (long term):** do people who spend more hours on these activities in their first
       8 weeks have worse functional limitation, measured by the [RMDQ]({G}#rmdq), one year
       later? — a question about [long-term harm]({G}#long-term-harm).

    The two can have different answers, and the study's headline is exactly that: transient flare
    risk with some activities, no association with 1-year function.

    ## 2. The design: a case-crossover nested in a cohort

    FLAReS followed a cohort for a year with repeated surveys. Inside it sits a
    [nested case-crossover]({G}#nested-case-crossover) analysis:

    | | what it is in FLAReS (protocol abstract) |
    |---|---|
    | case period | a [flare window survey]({G}#flare-window-survey): exposure in the 24 h (and 2 h) **before flare onset** |
    | control period | a scheduled, non-flare survey of the **same person**: exposure in the 24 h (and 2 h) **before survey completion** |
    | comparison | each person is their own control, so fixed traits (age, sex, job, fitness, back anatomy) cannot confound |
    | aim 2 | ordinary cohort analysis: 1-year RMDQ regressed on mean activity hours in weeks 1–8 |

    The exact operational rules (which scheduled surveys served as controls for which flare, how
    several flares per person were handled, what the model adjusted for) were **not found** in the
    sources available. Keep that in mind in section 6.
    """)
    design = """\
    design = load("flares_design")
    print("Source:", design.attrs["source"][:160], "...")
    design[["quantity", "sample", "value", "value_text", "unit"]]
    """
    nb.code(design)


def _participants(nb: Notebook) -> None:
    nb.md("""
    ## 3. Who took part

    The design table above holds the published counts. The cell below pulls out the ones a
    journal club asks for first: how many people, how many surveys, and how they split between
    the two aims.
    """)
    nb.code("""\
    def figure(quantity, sample="whole sample"):
        rows = design[(design["quantity"] == quantity) & (design["sample"] == sample)]
        return float(rows["value"].iloc[0])

    n_all, n_aim1, n_aim2 = figure("participants"), figure("participants_aim1_case_crossover", "aim 1"), figure("participants_aim2_cohort", "aim 2")
    print(f"Participants: {n_all:g}; aim 1 (case-crossover): {n_aim1:g}; aim 2 (cohort): {n_aim2:g}; sum of aims: {n_aim1 + n_aim2:g}")
    print(f"Surveys analysed: {figure('surveys_analysed'):g}; follow-up: {figure('follow_up'):g} year")
    print(f"Mean age {figure('age_mean'):g} (SD {figure('age_sd'):g}) years; male: {figure('male_count'):g} ({figure('male_percent'):g}% as printed)")
    """)
    nb.md(f"""
    Two things stand out.

    - **The aims seem not to overlap.** The aim-1 and aim-2 numbers add up to the whole sample,
      which suggests (our inference from the sum, not a statement found in the sources) that the
      1-year analysis used a small, separate group. The rule that sent a participant to one aim or
      the other was not found in the sources. Aim-2 participants also differed at baseline
      (higher RMDQ and pain; see the design table), so the two aims describe different people.
    - **Mostly male Veterans** recruited from VA primary care in Seattle. Whether the results
      transfer to women, to non-Veterans or to people outside primary care is a question of
      generalisability (section 6).

    ### How flares and exposure were measured

    - **Flare:** a worsening of the participant's low back pain lasting from hours to weeks,
      answered yes/no — a person-dependent definition (it matches the first clause of the Costa
      et al. consensus definition).
    - **Exposure:** for each of ten activities, the number of hours in the past 24 h in which the
      activity was done **at least once** — [hours-with-any-activity]({G}#hours-with-any-activity).
      The odds ratios are [per-hour odds ratios]({G}#per-hour-odds-ratio).
    - **Long-term outcome:** RMDQ at 1 year (0–24, higher = more limited).
    """)
    nb.exercise(
        "06.male-percent",
        "Check a printed percentage",
        """
        News summaries print "306 (75%) male" for the whole sample. Using the design table (rows
        `male_count` and `participants`, sample `whole sample`), compute the percentage of the 416
        participants who were male, **as a percent** (e.g. 12.3), to three significant digits.
        Does it match the printed 75%?
        """,
        "male_percent",
        """
        male_percent = 100 * figure("male_count") / figure("participants")
        print(f"{male_percent:.3g}% (printed: 75%)")
        """,
    )
    nb.md("""
    The printed 75% does not follow from 306 of 416. It is close to 306 of 410 (the registry's
    denominator of people with sex recorded), and the registry page reports 306 **female**, the
    reverse of the paper summaries (discrepancy D1 below). A small slip, but a reader checking the
    arithmetic finds it in seconds.
    """)


def _results(nb: Notebook) -> None:
    nb.md("""
    ## 4. The published results (aim 1)

    The published odds ratios compare each person's flare periods with their own non-flare
    periods. The file marks which activities have a published OR (`reported`). We load it now
    and look at it after the first exercise.
    """)
    nb.code("""\
    published = load("flares_published_or")
    print("Source:", published.attrs["title"])
    print("Activities asked about:", len(published))
    """)
    nb.exercise(
        "06.reported-count",
        "How many activities have a published odds ratio?",
        """
        FLAReS asked about ten activities. Before you count: do you expect the news reports to
        have given an OR for every activity? Then use the `reported` column to count the
        activities **with** a published OR (a whole number).
        """,
        "n_reported",
        """
        n_reported = int(published["reported"].sum())
        print(n_reported, "of", len(published))
        """,
        predict=True,
    )
    nb.code("""\
    published[["activity_label", "odds_ratio", "ci_lower", "ci_upper", "reported", "source_key"]]
    """)
    nb.code("""\
    ax = forest_plot(published, label="activity_label", xlabel="Odds ratio of a flare per additional hour in the past 24 h (log scale)",
                     title="FLAReS per-hour odds ratios (published: Suri et al. 2025, via news reports)")
    n = len(published)
    for i, reported in enumerate(published["reported"]):
        if not reported:  # the row stays visible, with no point: the OR is unknown, not 1
            ax.text(1.0, n - 1 - i, "  not found in the sources", va="center", fontsize=8, color="grey")
    ax.figure.set_size_inches(7.5, 5)
    plt.show()
    """)
    nb.md("""
    How to read it:

    - Five activities (lifting >10 lb, pushing or pulling, bending, twisting, squatting) have ORs
      just above 1 **per hour**; sitting has an OR just below 1 per hour.
    - The intervals are narrow: many surveys, and each one contributes up to 24 hours.
    - Four rows have no point at all. An empty row is **not** an OR of 1: those results exist in the
      paper but were not found in the sources available. News reports named only the activities
      linked to flares, so the missing ones are probably, but not certainly, non-significant.
    - "Per hour" matters: an OR of 1.05 per hour sounds small, but a day with several hours of
      lifting compounds it (notebook 07 rescales it, and turns it into an [absolute risk](../docs/glossary.md#absolute-risk)).
    """)
    nb.exercise(
        "06.sitting-percent",
        "Sitting: percent change in odds per hour",
        """
        Take the published per-hour OR for sitting from the table. By what **percent** do the odds
        of a flare change for each additional hour with sitting? (Give a signed percent: a
        decrease is negative, e.g. -12.5.)
        """,
        "sitting_change",
        """
        or_sitting = published.set_index("activity")["odds_ratio"]["sitting"]
        sitting_change = 100 * (or_sitting - 1)
        print(f"{sitting_change:.3g}%")
        """,
    )


def _unknowns(nb: Notebook) -> None:
    nb.md("""
    ## 5. What is unknown or inconsistent in the public record

    A journal club normally reads the full paper. Here the public record has holes and
    contradictions. The kit keeps them in a data file so that nobody "fixes" them by guessing.
    """)
    nb.code("""\
    discrepancies = load("flares_discrepancies")
    print("Source:", discrepancies.attrs["title"])
    discrepancies[["discrepancy_id", "topic", "values", "status"]]
    """)
    nb.md("""
    **Not found in the sources available** (so not in this kit, and never to be filled with
    invented values):

    - whether the model was a *conditional* logistic regression, its strata, how several flares
      per person were handled, the covariates and any sensitivity analyses (including the 2-h
      window, which the protocol collected);
    - the ORs for climbing, crawling, standing and walking, and **all p-values**;
    - the aim-2 regression coefficients and CIs, and whether baseline RMDQ was adjusted for;
    - the number of flares and of case and control periods behind each estimate;
    - the rule that split participants between aim 1 and aim 2;
    - the full baseline table, the protocol's sample-size calculation, and the authors' own list of
      limitations.

    Which of these matter most? Discrepancy D2 (465 vs 416 participants) and the unknown split
    between aims bear on **who** the results describe; the missing p-values and ORs bear on
    **multiplicity**; the unknown model bears on **everything**.
    """)


def _appraisal(nb: Notebook) -> None:
    nb.md(f"""
    ## 6. A structured appraisal

    We go through six questions. For each: what the design protects against, what it does not,
    and what we would need to know.

    ### 6.1 Confounding
    Self-matching removes confounding by anything that does not change within a person over the
    year (sex, job type, fitness, anatomy). It does **not** remove confounders that change from day
    to day together with activity: a busy workday brings lifting *and* stress *and* poor sleep;
    a bad pain day reduces activity. Whether FLAReS adjusted for time-varying factors (mood,
    sleep, treatments were collected, per the protocol) was not found.

    ### 6.2 Selection of control periods
    Controls are scheduled surveys of the same person. Were they before the flare only, or also
    after it (bidirectional)? After a flare people may avoid lifting for days, which makes
    control periods look less active and inflates the OR (notebook 05, section 1 on referent
    selection; notebook 07 plants such avoidance and compares control rules). How close in time the controls are also matters when
    activity changes with season or recovery. See [control-period selection]({G}#control-period-selection).

    ### 6.3 Recall and reporting
    Exposure in case periods is recalled *after a flare started*. People who are in pain may
    search their memory harder for a cause ("I lifted that box"), which is recall bias
    away from the null. Scheduled surveys were answered without that prompt. The 24-h window keeps
    recall short, which helps.

    ### 6.4 Multiplicity
    Ten activities, each tested, at least six reported as significant. With ten tests at the 5%
    level, a few chance findings are not surprising, and the unknown p-values make it impossible
    to apply a formal correction from the public record alone
    ([multiplicity]({G}#multiplicity); notebook 07 does it with p-values *recovered* from the CIs).
    """)
    nb.exercise(
        "06.fwer",
        "Chance of at least one false positive",
        """
        Suppose none of the activities in the published table truly affects flares, and each is
        tested independently at the 5% level. What is the probability (as a **percent**) that at
        least one of them comes out "significant" by chance? Use the number of activities in
        `published`, not a typed-in number.
        """,
        "fwer_percent",
        """
        m = len(published)
        fwer_percent = 100 * (1 - 0.95 ** m)
        print(f"{fwer_percent:.3g}%")
        """,
    )
    nb.md(f"""
    This is the [family-wise error rate]({G}#family-wise-error-rate) with no adjustment. The
    published limits are numerically close to 1, but the intervals are narrow: recovering each
    standard error from its CI (notebook 07 explains how) shows how many standard errors each
    estimate lies from 1.
    """)
    nb.code("""\
    shown = published[published["reported"]].set_index("activity")[["odds_ratio", "ci_lower", "ci_upper"]].astype(float)
    se = (np.log(shown["ci_upper"]) - np.log(shown["ci_lower"])) / (2 * 1.96)
    z = (np.log(shown["odds_ratio"]) / se).abs()
    print(f"Standard errors from 1 on the log scale (|z|): {z.min():.1f} to {z.max():.1f}")
    """)
    nb.md(f"""
    Every published estimate lies about four to five standard errors from 1 on the log scale
    (|z| above), so each interval excludes 1 with room to spare and chance alone is an unlikely
    explanation for all of them; the point is that a journal club should ask how
    the authors handled multiplicity.

    ### 6.5 Measuring exposure as hours-with-any-activity
    The unit counts hours in which an activity happened **at least once**. Two made-up days show
    what it does and does not capture:
    """)
    nb.code("""\
    # Two invented days (minutes of lifting in each hour that had any); not study data.
    day_a = pd.Series([2, 1, 3, 2, 1, 2], name="minutes of lifting")       # a little, spread out
    day_b = pd.Series([55, 50, 45], name="minutes of lifting")              # a lot, bunched
    pd.DataFrame({
        "hours with any lifting": [len(day_a), len(day_b)],
        "total minutes of lifting": [day_a.sum(), day_b.sum()],
    }, index=["day A (spread out)", "day B (bunched)"])
    """)
    nb.md(f"""
    Day A scores *more* exposure hours than day B, although it holds far less lifting. The unit
    measures how spread out an activity is, not its load, intensity or duration. Any OR per
    hour therefore mixes "doing more" with "doing it more often", and an hour of sitting competes
    with hours of everything else in a 24-h day — one reason why the sitting OR below 1 may mean
    "hours spent sitting were hours not spent lifting, bending or twisting" rather than
    "sitting protects" (notebook 07 fits a [mutually adjusted model]({G}#mutually-adjusted-model)
    on the [synthetic twin](../docs/glossary.md#synthetic-twin) to show the two stories).

    ### 6.6 Generalisability
    Mostly male Veterans, seen in one VA health-care system, with a person-dependent flare
    definition. Women are under-represented (and the public record even disagrees on the sex
    split, D1); the eligibility age range differs between protocol and registry (D4). The
    per-hour ORs compare people with themselves, so fixed differences between populations do not
    bias them — but the *size* of a triggered effect can itself differ between groups
    (effect modification): in Steffens 2015 the heavy-load OR was 13.6,
    6.0 and 2.7 at ages 20, 40 and 60 (notebook 02), and in Mittleman 1993 exertion multiplied the
    risk of MI by 107 in people who rarely exerted themselves but by 8.6 in those who did so 3–4
    times a week (notebook 08). So the ORs need not transfer to younger, older or more or less
    active groups. The *baseline* flare rate and the mix of activities will also differ in other
    populations — and both feed into absolute risk (notebook 07).
    """)
    nb.exercise(
        "06.design-claim",
        "What can a case-crossover study claim?",
        """
        Which statement does the aim-1 (case-crossover) design of FLAReS support?

        - (a) People who lift a lot have more flares over the year than people who lift little.
        - (b) Within the same person, a flare is more likely after hours with lifting than after hours without.
        - (c) Lifting causes long-term damage to the back.
        - (d) Sitting all day protects the back in the long run.

        Answer with one letter, e.g. `"a"`.
        """,
        "claim",
        """
        claim = "b"  # a within-person, short-term comparison; (a) compares people, (c) and (d) are long-term claims
        """,
    )


def _discussion(nb: Notebook) -> None:
    nb.md("## 7. Discussion questions\n\nTry each question in your group first, then open the model answer.")
    questions = [
        ("**Q1.** Why did the authors choose a case-crossover design for aim 1 rather than comparing "
         "people who lift a lot with people who lift little?",
         "Because the question is about a *trigger*: a brief exposure that may transiently raise the "
         "risk of an abrupt event. Comparing people would be confounded by everything that makes heavy "
         "lifters different (job, fitness, age, pain severity, willingness to report). Comparing each "
         "person with themselves at other times removes all fixed differences, and uses exactly the "
         "contrast a patient cares about: \"if I lift today, am I more likely to flare tonight?\""),
        ("**Q2.** An OR of 1.05 per hour for lifting: big or small?",
         "Per hour, small; per day of work, not necessarily. Under the model's log-linear assumption, "
         "k hours multiply the odds by 1.05^k, so a long shift of lifting compounds it. But it is a "
         "*relative* measure: whether it matters depends on the baseline chance of a flare in a day, "
         "which is low for most people most days. Notebook 07 turns it into an absolute risk."),
        ("**Q3.** Does the sitting OR of 0.96 mean that sitting protects against flares?",
         "Not necessarily. In a 24-h day, hours with sitting are hours without the activities that do "
         "raise the odds, so sitting may look protective because it stands for \"not lifting, bending "
         "or twisting\" (a substitution story). A timing story is also possible (a possibility, not "
         "something the sources report): if scheduled surveys tend to be completed at rest while flares "
         "tend to start during activity, the hours before a control survey hold more sitting than the "
         "hours before a flare, giving an OR below 1 with no effect of sitting at all. A model with all "
         "activities together helps separate the stories; whether FLAReS fitted one was not found. "
         "Contrast Suri 2018, where *prolonged* sitting (>6 h) was the one activity linked to *more* "
         "flares: a different exposure definition, population (acute LBP) and a much smaller sample."),
        ("**Q4.** Aim 2 found \"no association\" between activity hours and 1-year RMDQ. Does this show "
         "that activity is harmless in the long run?",
         "It shows the study did not detect an association. Aim 2 had only 71 participants (and they "
         "differed from the aim-1 group), coefficients and CIs were not found, and with 71 people only "
         "fairly large associations are detectable (notebook 08 computes how large). \"No evidence of "
         "harm\" is not \"evidence of no harm\"; the width of the confidence intervals decides which."),
        ("**Q5.** List three things you would look for first if you got the full paper.",
         "(1) The model: conditional logistic regression stratified by person? How many case and "
         "control periods, and how were several flares per person handled? (2) Which scheduled surveys "
         "served as controls (before and/or after the flare, how far away), and sensitivity analyses, "
         "e.g. the 2-h window. (3) The full table of ten ORs with p-values and any multiplicity "
         "handling; and for aim 2, coefficients with CIs, covariates (baseline RMDQ?), and the rule "
         "that assigned people to each aim (and why 465 in the Pain paper vs 416 here)."),
        ("**Q6.** What would you tell a patient who asks \"Should I stop lifting?\"",
         "Something like: \"In this study, hours with lifting, bending and twisting were linked to a "
         "higher short-term chance of a flare in the next day or so — for most people, the extra chance "
         "on any single day is small. Whether doing more of these activities early on affects how you "
         "are a year later could not be settled: no difference was detected, but in a small group "
         "(71 people).\" The exact wording should follow the absolute-risk numbers in notebook 07 and "
         "the caveats in 08. Advice such as \"keep doing what matters to you\" or pacing heavy tasks is "
         "clinical opinion, not a FLAReS result: note that spreading lifting over more hours *raises* "
         "the exposure as FLAReS measured it (section 6.5)."),
    ]
    for question, answer in questions:
        nb.md(question + "\n\n" + _details(answer))


def _closing(nb: Notebook) -> None:
    nb.key_points([
        "FLAReS asked two questions of one cohort: transient flare risk (case-crossover, aim 1) and 1-year function (cohort, aim 2).",
        "Self-matching removes fixed confounders, not day-to-day ones such as stress, sleep or pain itself.",
        "Per-hour ORs for lifting, pushing/pulling, bending, twisting and squatting are just above 1; sitting is just below 1; four ORs and all p-values were not found.",
        "Exposure was hours-with-any-activity: it counts how spread out an activity is, not its load or duration.",
        "The public record has open discrepancies (sex counts, 465 vs 416 participants, crawling vs squatting); keep them visible rather than guessing.",
    ])
    nb.further_reading([
        "Suri P, et al. JAMA Netw Open 2025;8(12):e2547915 (FLAReS; figures here via the news reports and registry cited in `data/datapackage.json`).",
        "FLAReS protocol. BMC Musculoskelet Disord 2022;23:376. Registry: ClinicalTrials.gov NCT04828330.",
        "Suri P, Rainville J, de Schepper E, Martha J, Hartigan C, Hunter DJ. Do physical activities trigger flare-ups during an acute low back pain episode? A longitudinal case-crossover feasibility study. Spine 2018;43(6):427-433. doi:10.1097/BRS.0000000000002326",
        "Steffens D, et al. Arthritis Care Res 2015;67(3):403-410. doi:10.1002/acr.22533 (triggers of a new episode of acute LBP).",
        "Costa N, et al. J Pain 2019;20(11):1267-1275 (consensus definition of a low back pain flare).",
        "Maclure M, Mittleman MA. Should we use a case-crossover design? Annu Rev Public Health 2000;21:193-221.",
    ])
