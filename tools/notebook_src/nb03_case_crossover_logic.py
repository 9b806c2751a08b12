"""Source of notebooks/03_case_crossover_logic.ipynb."""

from nbauthor import GLOSSARY_URL, Notebook

G = GLOSSARY_URL


def build() -> Notebook:
    nb = Notebook(
        filename="03_case_crossover_logic.ipynb",
        title="03 · The case-crossover idea: each person is their own control",
        objectives=[
            "explain which questions a case-crossover study answers and why a person can be their own control",
            "draw hazard and referent windows for a question, with induction time and effect period",
            "show with a simulation that self-matching removes stable confounders",
            "count discordant pairs and compute the matched-pair odds ratio b/c by hand",
            "move windows over example diaries and predict how the odds ratio changes",
        ],
        prerequisites=["00_start_here", "02_course_flares_and_triggers"],
        minutes={"teaching": 40, "exercises": 20},
        imports="""
            import matplotlib.pyplot as plt
            import numpy as np
            import pandas as pd

            import lbpkit
            from lbpkit import check, estimate, labs, plots, simulate, widgets

            SEED = 303  # every simulation below is seeded from this number
            rng = np.random.default_rng(SEED)
        """,
    )
    nb.md(
        f"""
        ## 1. A question about hours, not about people

        *"Did lifting that box set off my flare?"* This is a question about a **[transient
        exposure]({G}#transient-exposure)** (lifting lasts minutes and then stops) and an
        **[acute outcome]({G}#acute-outcome)** (a flare starts at a datable moment). The
        exposure is a possible **[trigger]({G}#trigger)**: it would raise the risk of a flare
        only for a short while after it happens.

        The usual designs struggle with such a question:

        - A **cohort study** would have to record, for everyone, every hour of lifting for months,
          and then compare flare rates in "hours just after lifting" with other hours. Possible
          (FLAReS did something like it with repeated surveys), but costly.
        - A **case-control study** would compare people with a flare with people without one. But
          *which hour* of a control's life should we ask about? And people who lift a lot differ
          from people who do not (job, fitness, age, pain history): a comparison *between people*
          is confounded by everything that makes them different.

        **Maclure's idea (1991):** take only the people who had the event (the cases) and compare
        each case's exposure *just before* the event with the same person's exposure at
        comparable earlier times. This is the **[case-crossover]({G}#case-crossover)** design.
        Each person is their own control (**[self-matching]({G}#self-matching)**), so anything that
        is stable within a person (genes, job, usual activity, fitness) cannot confound.
        """
    )
    nb.md(
        f"""
        ## 2. Windows: hazard period, induction time, effect period, referents

        - The **[effect period]({G}#effect-period)** is how long a trigger raises risk after it
          happens; the **[induction time]({G}#induction-time)** is the delay before that raised risk
          begins.
        - The **[hazard period]({G}#hazard-period)** (case window) is the window before onset in
          which the exposure would have to occur to be able to cause the event: it should start at
          the induction time and be as long as the effect period.
        - A **[referent window]({G}#referent-window)** (control window) is a window of the same
          length at an earlier, comparable time of the same person.

        Steffens et al. (2015) asked 999 people with a new episode of acute low back pain about
        12 possible triggers. Their protocol used the 2 hours before the pain started as the case
        window and the same 2 hours one and two days earlier as control windows. The kit keeps
        these published window definitions in a data file (from Part I):
        """
    )
    nb.code(
        """
        worked = lbpkit.load("casecrossover_worked_examples")
        trigger_windows = lbpkit.load("lbp_trigger_windows")
        steffens_windows = trigger_windows.query("study == 'Steffens et al. 2015'")[["window", "kind", "start", "end"]]
        steffens_windows
        """
    )
    nb.code(
        """
        plots.window_timeline(steffens_windows, xlabel="Hours before pain onset (0 = onset)",
                      title="Windows of Steffens et al. 2015 (protocol: case 0–2 h, controls 24–26 h and 48–50 h)")
        plt.show()
        """
    )
    nb.md(
        """
        The design rests on a few assumptions (Maclure 1991; Maclure & Mittleman 2000): the
        exposure is brief and intermittent, its effect starts soon and wears off (little
        carry-over), and the outcome has an abrupt onset. The result is a *relative* risk for the
        short hazard period, not an [absolute risk](../docs/glossary.md#absolute-risk) and not a long-term effect.
        """
    )
    nb.md(
        f"""
        ## 3. Self-matching removes stable confounders: a simulation

        We simulate **synthetic** hourly lifting diaries for 1000 people over two weeks. Half of
        them have a heavy manual job: they lift more often *and*, for reasons unrelated to
        lifting, have a higher flare rate (a stable, between-person confounder). Lifting has a
        planted transient effect: the odds of a flare are doubled in the 2 hours after lifting.

        - The **naive** analysis compares the cases' lifting in the 2 h before onset with lifting
          in a random 2-h window of other people.
        - The **self-matched** analysis compares each case's 2 h before onset with his or her own
          windows 24–26 h and 48–50 h earlier (the Steffens windows).
        """
    )
    nb.code(
        """
        confounded = labs.self_matching_experiment(seed=SEED, odds_ratio=2.0, confounder_strength=4.0)
        confounded.round(2)
        """
    )
    nb.code(
        """
        plots.bias_plot(confounded, truth=2.0,
                        title="Heavy-job confounder (strength 4): naive vs self-matched (synthetic)")
        plt.show()
        """
    )
    nb.md(
        """
        The naive comparison overstates the effect: cases are more often heavy-job workers, who
        lift more at *all* times. The self-matched comparison asks only whether the cases lifted
        more *just before* the flare than they themselves usually did, so the job drops out.
        Its interval is what a single study of this size gives; rerun with another seed to see the
        sampling variation.
        """
    )
    nb.exercise(
        "03.predict-no-confounder",
        "what if the job does not matter?",
        """
        Predict before you run: the experiment above is repeated with `confounder_strength=1.0`
        (heavy-job workers lift and flare exactly as often as the others). Which analysis will then
        be close to the planted odds ratio of 2?

        - (a) only the naive analysis
        - (b) only the self-matched analysis
        - (c) both, up to sampling error

        Run `labs.self_matching_experiment(seed=SEED, confounder_strength=1.0)` after answering.
        """,
        "answer_no_confounder",
        """
        no_confounder = labs.self_matching_experiment(seed=SEED, confounder_strength=1.0)
        display(no_confounder.round(2))
        # Without a confounder, the between-person comparison is no longer biased: both estimate
        # the planted OR (their CIs include 2). Self-matching is needed only because people differ.
        answer_no_confounder = "c"
        check("03.predict-no-confounder", answer_no_confounder)
        """,
        predict=True,
    )
    nb.md(
        f"""
        ## 4. Discordant pairs and the odds ratio $b/c$, by hand

        With one referent window per case, each case gives a **pair** of windows. Four kinds of
        pair are possible:

        | | referent exposed | referent not exposed |
        |---|---|---|
        | **hazard exposed** | $a$ (both) | $b$ (case only) |
        | **hazard not exposed** | $c$ (referent only) | $d$ (neither) |

        Pairs in which both windows are alike ($a$, $d$) say nothing about a trigger: that person
        lifted (or did not) at both times. Only the **[discordant pairs]({G}#discordant-pair)**
        carry information, and the **[matched-pair odds ratio]({G}#matched-pair-odds-ratio)** is

        $$\\mathrm{{OR}} = \\frac{{b}}{{c}}.$$

        Here is a small simulated lifting diary study: 300 people followed for a week, planted odds
        ratio 3 for the 2 hours after lifting; hazard window 0–2 h, one referent 24–26 h before onset.
        """
    )
    nb.code(
        """
        diary = simulate.simulate_diary(300, 7 * 24, seed=SEED, odds_ratio=3.0, exposure_prob=0.08, event_prob=0.002)
        onsets = simulate.events_from_diary(diary)
        pairs = simulate.diary_to_case_crossover(diary, hazard=(0, 2), referents=[(24, 26)], warn=False)
        print(f"{len(onsets)} onsets; {pairs.attrs['n_onsets_ineligible']} left out because their referent falls before the diary starts")
        pair_counts = estimate.discordant_pairs(pairs, "case", "exposure", "stratum")
        pair_counts
        """
    )
    nb.exercise(
        "03.pair-or",
        "the matched-pair odds ratio",
        """
        Use the four counts printed above (`both`, `case_only`, `referent_only`, `neither`) to
        compute the matched-pair odds ratio. Type the numbers in by hand, e.g.
        `answer_pair_or = 12 / 5`.
        """,
        "answer_pair_or",
        """
        answer_pair_or = pair_counts["case_only"] / pair_counts["referent_only"]
        print(round(answer_pair_or, 3))
        check("03.pair-or", answer_pair_or)
        """,
    )
    nb.md(
        """
        `lbpkit.estimate.pair_odds_ratio(b, c)` gives the same ratio with its 95% confidence
        interval ($\\log \\mathrm{OR} \\pm 1.96\\sqrt{1/b + 1/c}$) and McNemar's test:
        """
    )
    nb.code(
        """
        lifting_pairs = estimate.pair_odds_ratio(int(pair_counts["case_only"]), int(pair_counts["referent_only"]), exposure="lifting")
        lo, hi = lifting_pairs["ci_lower"].iloc[0], lifting_pairs["ci_upper"].iloc[0]
        print(f"Planted OR 3; estimate {lifting_pairs['odds_ratio'].iloc[0]:.3g} (95% CI {lo:.3g}–{hi:.3g}): "
              f"the CI {'includes' if lo <= 3 <= hi else 'does not include'} the planted 3.")
        lifting_pairs.round(3)
        """
    )
    nb.md(
        f"""
        One small simulated study varies around the truth: with only a few dozen discordant pairs
        the interval is wide, and another seed (or a larger study) would give another estimate.

        ### A published check: the Breslow–Day pairs

        The same arithmetic works for any 1:1 matched design. In the classic endometrial cancer
        pairs of Breslow & Day (the `bdendo11` data, 63 case–control pairs; oestrogen use), 29 pairs
        had only the case exposed and 3 only the control. Their counts are in the data file:
        """
    )
    nb.code(
        """
        bdendo11 = worked[worked["example_id"] == "bdendo11"].set_index("quantity")
        b, c = int(bdendo11.loc["pairs_case_only_exposed", "value"]), int(bdendo11.loc["pairs_control_only_exposed", "value"])
        print(f"b = {b} pairs with only the case exposed, c = {c} with only the control exposed")
        """
    )
    nb.exercise(
        "03.bdendo-mcnemar",
        "McNemar's chi-square",
        f"""
        Compute the **[McNemar]({G}#mcnemar-test)** chi-square, $(b-c)^2/(b+c)$, for the
        Breslow–Day pairs with a calculator or Python. The next cell then compares your value
        with the published one.
        """,
        "answer_mcnemar",
        """
        answer_mcnemar = (b - c) ** 2 / (b + c)
        check("03.bdendo-mcnemar", answer_mcnemar)
        """,
    )
    nb.md(
        """
        The published Mantel–Haenszel odds ratio and chi-square, next to lbpkit's:
        """
    )
    nb.code(
        """
        ours = estimate.pair_odds_ratio(b, c, exposure="oestrogen").iloc[0]
        published = bdendo11.loc[["mh_odds_ratio", "mh_chi_square"], ["value", "ci_lower", "ci_upper"]].astype(float)
        published["lbpkit"] = [ours["odds_ratio"], ours["mcnemar_chi2"]]
        published["lbpkit_ci"] = [f"{ours['ci_lower']:.3f}–{ours['ci_upper']:.3f}", ""]
        print("Source:", worked.attrs["sources"][0]["title"][:75], "...")
        published.round(3)
        """
    )
    nb.md(
        """
        ## 5. Back to the published trigger studies of Part I

        In notebook 02 you met studies that used exactly this logic. Maclure (1991) introduced the
        design, with pilot data on myocardial infarction; the first large application asked
        myocardial infarction patients about heavy exertion in the hour before onset
        (Mittleman et al. 1993); a companion study analysed its patients both as a case-crossover
        and as a matched case-control study, with the same result (Willich et al. 1993):
        """
    )
    nb.code(
        """
        mi = lbpkit.load("exertion_mi_triggers")
        mi_main = mi[mi["subgroup"] == "all patients"][["study", "design", "exposure", "estimate", "ci_lower", "ci_upper"]]
        print("Source:", mi.attrs["source"][:90], "...")
        mi_main
        """
    )
    nb.code(
        """
        plots.forest_plot(mi_main.assign(label=mi_main["study"] + ": " + mi_main["exposure"] + ", " + mi_main["design"].str.split(" ").str[0]),
                          estimate="estimate", label="label",
                          xlabel="Relative risk (log scale)", title="Exertion and myocardial infarction (Mittleman 1993; Willich 1993; von Klot 2008)")
        plt.show()
        """
    )
    nb.code(
        """
        triggers = lbpkit.load("lbp_triggers")
        triggers[triggers["figure_id"].isin(["steffens15_or_min", "steffens15_or_max"])][["measure", "value"]]
        """
    )
    nb.md(
        """
        For low back pain, Steffens et al. (2015) reported odds ratios from 2.7 (moderate or
        vigorous physical activity) to 25.0 (being distracted during an activity or task) for the
        2 hours before onset, compared with the same hours on the two previous days.
        """
    )
    nb.md(
        """
        ## 6. Move the windows yourself

        The explorer below draws the hazard window (red) and the referent windows (blue) over the
        lifting diaries (dark blocks = an hour with lifting) of the first 8 onsets of the
        simulated study from section 4, and recomputes the discordant pairs and the odds ratio
        over **all** its onsets. The planted effect lasts 2 hours and starts at once (induction
        time 0). Try: a longer hazard window; a hazard window that starts 4 h before onset; a
        referent only 12 h earlier; two or three referents (the odds ratio is then the
        [Mantel–Haenszel](../docs/glossary.md#mantel-haenszel) estimate, see notebook 04).

        First, the starting position, drawn as a static figure:
        """
    )
    nb.code(
        """
        start_state = widgets.window_explorer_state(onsets, diary, hazard_start=0, hazard_length=2, referent_offsets=[24])
        example_diaries = widgets.diary_hours_before(onsets, diary, n_people=8, horizon=30)
        widgets.window_explorer_figure(start_state, example_diaries)
        plt.show()
        start_state["counts"]
        """
    )
    nb.code(
        """
        explorer = widgets.window_explorer(onsets, diary)
        explorer
        """,
        tags=["nbval-ignore-output"],
    )
    nb.exercise(
        "03.predict-long-window",
        "a hazard window longer than the effect period",
        """
        Predict before you run: the true effect period is 2 hours. If the hazard window (and the
        referent) is widened to 8 hours, what happens to the odds ratio of this study?

        - (a) it moves towards 1 (weaker)
        - (b) it stays about the same
        - (c) it moves away from 1 (stronger)

        Then set the "hazard length" slider to 8, or run
        `widgets.window_explorer_state(onsets, diary, hazard_length=8, referent_offsets=[24])["odds_ratio"]`.
        """,
        "answer_long_window",
        """
        wide = widgets.window_explorer_state(onsets, diary, hazard_length=8, referent_offsets=[24])
        print(round(start_state["odds_ratio"], 3), "->", round(wide["odds_ratio"], 3))
        # Six of the eight hours cannot have caused the flare: lifting in them is as common as in
        # the referent window, so more pairs become concordant "exposed" and the contrast is diluted.
        answer_long_window = "a"
        check("03.predict-long-window", answer_long_window)
        """,
        predict=True,
    )
    nb.exercise(
        "03.which-pairs",
        "which pairs carry the information?",
        """
        In a 1:1 case-crossover study, which pairs change the odds ratio if you add one more of
        them? Give all letters that apply, e.g. `"a, b"`.

        - (a) pairs exposed in both windows
        - (b) pairs exposed in the hazard window only
        - (c) pairs exposed in the referent window only
        - (d) pairs exposed in neither window
        """,
        "answer_pairs",
        """
        answer_pairs = "b, c"
        check("03.which-pairs", answer_pairs)
        """,
    )
    nb.key_points(
        [
            "A case-crossover study answers: does a transient exposure raise the short-term risk of an acute event?",
            "Each case is compared with himself or herself at earlier times, so stable characteristics cannot confound (self-matching).",
            "The hazard window should match the induction time and the effect period; referent windows have the same length at comparable earlier times.",
            "With one referent per case only discordant pairs count: OR = b/c, tested with McNemar's (b−c)²/(b+c).",
            "Windows that are too long dilute the odds ratio towards 1.",
        ]
    )
    nb.further_reading(
        [
            "Maclure M. The case-crossover design: a method for studying transient effects on the risk of acute events. *Am J Epidemiol* 1991;133(2):144–153. https://pubmed.ncbi.nlm.nih.gov/1985444/",
            "Maclure M, Mittleman MA. Should we use a case-crossover design? *Annu Rev Public Health* 2000;21:193–221. https://pubmed.ncbi.nlm.nih.gov/10884952/",
            "Mittleman MA, Maclure M, Tofler GH, et al. Triggering of acute myocardial infarction by heavy physical exertion. *N Engl J Med* 1993;329:1677–1683.",
            "Steffens D, Ferreira ML, Latimer J, et al. What triggers an episode of acute low back pain? A case-crossover study. *Arthritis Care Res* 2015;67(3):403–410. https://repub.eur.nl/pub/87654",
            "Breslow NE, Day NE. *Statistical Methods in Cancer Research, Vol. 1: The Analysis of Case-Control Studies.* IARC, 1980 (the bdendo pairs; worked in R in argykar/Statistical-Methods-in-Epidemiology, Lab 7).",
        ]
    )
    return nb
