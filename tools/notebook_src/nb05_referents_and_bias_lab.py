"""Source of notebooks/05_referents_and_bias_lab.ipynb."""

from nbauthor import GLOSSARY_URL, Notebook

G = GLOSSARY_URL


def build() -> Notebook:
    nb = Notebook(
        filename="05_referents_and_bias_lab.ipynb",
        title="05 · Referents and the bias lab: how a case-crossover study can go wrong",
        objectives=[
            "choose between unidirectional, bidirectional and time-stratified referents, and demonstrate overlap bias in a truth-known experiment",
            "show how a time trend in exposure biases a case-crossover study and how case-time-control corrects it, and when it fails",
            "demonstrate time-varying within-person confounding and its adjustment",
            "show how recall after a flare and a wrongly chosen window length bias the odds ratio",
        ],
        prerequisites=["03_case_crossover_logic", "04_conditional_logistic_regression"],
        minutes={"teaching": 45, "exercises": 25},
        imports="""
            import matplotlib.pyplot as plt
            import numpy as np
            import pandas as pd

            import lbpkit
            from lbpkit import check, labs, plots, widgets

            SEED = 505  # every simulation below is seeded from this number
            rng = np.random.default_rng(SEED)
        """,
    )
    nb.md(
        """
        ## How the bias lab works

        Every experiment below is **truth-known**: we simulate synthetic diaries in which lifting
        raises the odds of a flare by a *planted* odds ratio, add one threat to validity, and
        analyse the data in several ways. Each table shows the planted OR, the estimate under
        each choice with its 95% CI, and the bias ($\\text{estimate}/\\text{planted} - 1$, in %).
        One simulated study always has sampling error: judge a bias by whether it is large
        compared with the CI, and by whether it grows as the threat is turned up.
        """
    )
    nb.md(
        f"""
        ## 1. Referent selection and overlap bias

        Where should the referent windows lie?

        - **[Unidirectional]({G}#unidirectional-referents)**: only before the event (e.g. 1 and 2
          weeks earlier). Simple, and the only choice if the event changes later behaviour (a
          flare makes people stop lifting), but biased if exposure has a **[time trend]({G}#time-trend)**.
        - **[Bidirectional]({G}#bidirectional-referents)**: before and after (Navidi 1998). A
          linear trend cancels; Bateson & Schwartz (1999) found the symmetric bidirectional design
          controlled seasonal and trend confounding best in their simulations.
        - **[Time-stratified]({G}#time-stratified)**: calendar time is cut into fixed strata (e.g.
          the same weekday in the same month) and every other day of the case's stratum is a
          referent (Janes, Sheppard & Lumley 2005).

        **[Overlap bias]({G}#overlap-bias)** arises when the referent set depends on when the event
        happened — for instance a bidirectional design cut at the study's edges, where an onset in
        the first week can only have a referent after it. Conditional logistic regression then
        no longer solves unbiased estimating equations (the equations whose solution is the
        estimate are no longer centred on the true value). The bias is usually small but
        unpredictable, and the time-stratified scheme avoids it by fixing the strata in advance.
        The bidirectional analysis of the trend experiment below is cut at the diary's edges in
        just this way, but under a smooth trend its overlap bias is lost in sampling error;
        section 1b builds diaries in which it can be seen.

        Published simulation results (Bateson & Schwartz 1999) from the data file:
        """
    )
    nb.code(
        """
        worked = lbpkit.load("casecrossover_worked_examples")
        worked.query("example_id == 'batesonschwartz1999'")[["quantity", "value", "note"]]
        """
    )
    nb.md(
        """
        Our experiment uses **daily** synthetic diaries for the four weeks of February 2021 ("did
        I lift heavy loads today?"). Lifting doubles the odds of a flare the next day (planted
        OR 2). Everybody's odds of lifting fall by 30% a week (an odds ratio of 0.7 per week),
        as people take care while their back settles.
        """
    )
    nb.code(
        """
        trend = labs.trend_experiment(seed=SEED, trend_per_week=0.7, n_people=12000, n_controls=3000)
        trend.round(2)
        """
    )
    nb.code(
        """
        plots.bias_plot(trend, truth=2.0, title="Exposure falling by OR 0.7 per week: referent schemes (synthetic)")
        plt.show()
        """
    )
    nb.md(
        f"""
        The unidirectional referents lie 1 and 2 weeks *earlier*, when everybody lifted more, so
        the hazard window looks less exposed than it should and the odds ratio is biased
        towards (or past) 1. Referents on both sides largely balance the trend: the bidirectional and
        time-stratified estimates miss 2 in this one study, but by less than their sampling error
        (their 95% CIs include 2); any remaining bias is small compared with the unidirectional
        one, whose CI lies far below 2.
        """
    )
    nb.md(
        f"""
        ## 1b. Making overlap bias visible

        Overlap bias needs an exposure pattern that is not a straight line. New synthetic diaries
        for the same four weeks: everyone works a four-week rota, and the probability of lifting
        on a day follows one sine wave over the month (it rises in week 1, falls through weeks 2
        and 3 and rises again in week 4). Lifting doubles the odds of a flare the next day
        (planted OR 2), and the baseline risk of a flare is the *same every day*, so calendar
        time confounds nothing: any bias comes from the choice of referents alone. Three schemes:

        - **bidirectional ±7 days, cut at the edges**: onsets in the first and last week keep
          only the referent that lies inside February, so the referent set depends on the onset
          day — the situation Lumley & Levy (2000) and Janes, Sheppard & Lumley (2005) warn about;
        - **bidirectional ±7 days, onsets with both referents**: the same, without the onsets
          near the edges;
        - **[time-stratified]({G}#time-stratified)**: the other same weekdays of February, strata
          fixed before looking at any onset.
        """
    )
    nb.code(
        """
        overlap = labs.overlap_bias_lab(seed=SEED)
        sig3 = lambda col: col.map(lambda v: float(f"{v:.3g}"))  # 3 significant digits
        overlap[["choice", "planted_or", "odds_ratio", "ci_lower", "ci_upper", "bias_percent"]].apply(
            lambda col: sig3(col) if col.dtype.kind == "f" else col)
        """
    )
    nb.code(
        """
        plots.bias_plot(overlap, truth=2.0, title="Overlap bias: bidirectional referents cut at the edges vs fixed strata (synthetic)")
        plt.show()
        """
    )
    nb.md(
        """
        One study is not evidence of bias: its CI shows how far sampling error alone can move
        the estimate. So we repeat the experiment in 10 independent synthetic studies and look at
        the geometric mean of the estimates and at how many studies fall below the planted OR.
        """
    )
    nb.code(
        """
        repeats = pd.concat([labs.overlap_bias_lab(seed=SEED + k) for k in range(10)], ignore_index=True)
        summary = repeats.groupby("choice", sort=False).agg(
            mean_log_or=("odds_ratio", lambda v: np.log(v).mean()), studies_below_truth=("odds_ratio", lambda v: int((v < 2.0).sum())))
        summary.assign(geometric_mean_or=np.exp(summary["mean_log_or"]),
                       bias_percent=100 * (np.exp(summary["mean_log_or"]) / 2.0 - 1)).drop(columns="mean_log_or").apply(
            lambda col: sig3(col) if col.dtype.kind == "f" else col)
        """
    )
    nb.md(
        f"""
        Cutting the referents at the edges biases the estimate in a consistent direction here:
        study after study, the edge-cut bidirectional estimate falls below the planted OR. The
        time-stratified estimates scatter on both sides of 2 and their geometric mean is close to
        it: fixed strata leave only sampling error. Dropping the onsets near the edges removes
        most of the bias but not necessarily all of it: a symmetric ±7-day referent set still
        depends on the onset day, and in these diaries a smaller bias in the *other* direction
        remains over repeated studies. That is what "small but unpredictable" means, and why
        Janes, Sheppard & Lumley (2005) recommend time-stratified referents. We made the bias
        large on purpose with a strong rota (lifting probability from about 5% to 95%); with a
        smooth exposure pattern, as in the trend experiment above, it is usually much smaller.

        ## 2. Case-time-control, and its own pitfall

        The **[case-time-control]({G}#case-time-control)** design (Suissa 1995) runs the same
        unidirectional analysis in people *without* a flare (each given a pseudo-onset). Their
        "odds ratio" measures the trend alone; dividing the cases' odds ratio by it removes the
        trend. It works only if the controls' trend is the cases' trend: the last row uses
        controls whose trend is half as steep, and the correction falls short. Greenland (1996)
        showed that the time controls can even add confounding. Published contrasts:
        """
    )
    nb.code(
        """
        designs = worked[worked["example_id"].isin(["suissa1995", "hernandezdiaz2003"])]
        designs[["example_id", "quantity", "value", "ci_lower", "ci_upper"]]
        """
    )
    nb.exercise(
        "05.predict-rising-trend",
        "a rising trend",
        """
        Predict before you run: suppose instead that lifting *rises* over the four weeks (odds
        ratio 1.4 per week, e.g. people returning to work). Which way is the **unidirectional**
        estimate biased?

        - (a) upwards, away from 1 (it overstates the effect)
        - (b) downwards, towards 1 (it understates the effect)
        - (c) not at all

        Then run `labs.trend_experiment(seed=SEED, trend_per_week=1.4, n_people=12000, n_controls=3000)`.
        """,
        "answer_rising",
        """
        rising = labs.trend_experiment(seed=SEED, trend_per_week=1.4, n_people=12000, n_controls=3000)
        display(rising[["choice", "odds_ratio", "ci_lower", "ci_upper", "bias_percent"]].round(2))
        answer_rising = "a"
        check("05.predict-rising-trend", answer_rising)
        """,
        predict=True,
    )
    nb.md(
        f"""
        ## 3. Time-varying confounding within a person

        Self-matching removes what is *stable* within a person. A
        **[within-person confounder]({G}#within-person-confounding)** that changes from day to
        day is not removed: here, on some days (30%) a person is, say, short of sleep, which
        multiplies both the odds of lifting and the odds of a flare by 3. If it is measured, it can
        be added to the conditional logistic model.
        """
    )
    nb.code(
        """
        confounding = labs.confounding_experiment(seed=SEED, confounder_or=3.0, n_people=6000)
        plots.bias_plot(confounding, truth=2.0, title="Time-varying confounder (OR 3 for lifting and for flares): synthetic")
        plt.show()
        confounding.round(2)
        """
    )
    nb.md(
        f"""
        ## 4. Recall after the flare

        Flare surveys are filled in *after* onset. A person looking for the cause of a flare may
        remember lifting in the hours just before it more readily than lifting on an ordinary day:
        **[recall bias]({G}#recall-bias)**, which is differential (it only affects the hazard window).
        Here each hour without lifting in the 2 hours before onset is reported as lifting with
        probability 0.15; other hours are reported correctly.
        """
    )
    nb.code(
        """
        recall = labs.recall_experiment(seed=SEED, recall_inflation=0.15, n_people=6000)
        plots.bias_plot(recall, truth=2.0, title="Recall after the flare (15% of unexposed hazard hours recalled as lifting): synthetic")
        plt.show()
        recall.round(2)
        """
    )
    nb.exercise(
        "05.recall-bias",
        "how big is the recall bias?",
        """
        From the `recall` table, what is the **ratio** of the odds ratio with recalled exposure to
        the odds ratio with the true diary exposure? (A ratio of 1 would mean no recall bias.)
        """,
        "answer_recall_ratio",
        """
        answer_recall_ratio = recall["odds_ratio"].iloc[1] / recall["odds_ratio"].iloc[0]
        print(round(answer_recall_ratio, 3))
        check("05.recall-bias", answer_recall_ratio)
        """,
    )
    nb.md(
        f"""
        ## 5. The wrong window length

        The true effect period of lifting is 2 hours. An analyst who uses a hazard window of 8
        hours (and referents of 8 hours, 24 and 48 hours earlier) includes 6 hours in which lifting
        cannot have caused the flare: **[window misspecification]({G}#window-misspecification)**.
        Below, the estimate for every window length from 1 to 12 hours, from the same simulated
        diaries:
        """
    )
    nb.code(
        """
        lengths = pd.concat([labs.window_length_experiment(seed=SEED, hazard_length=h, n_people=3000).iloc[[1]].assign(hours=h)
                             for h in range(1, 13)], ignore_index=True)
        fig, ax = plt.subplots(figsize=(6.5, 3.6))
        ax.errorbar(lengths["hours"], lengths["odds_ratio"], yerr=[lengths["odds_ratio"] - lengths["ci_lower"], lengths["ci_upper"] - lengths["odds_ratio"]], fmt="o", capsize=3)
        ax.axhline(3.0, color="firebrick", label="planted OR = 3"); ax.axvline(2, color="grey", linestyle=":", label="true effect period (2 h)")
        ax.set(xlabel="Hazard window length (hours)", ylabel="Estimated odds ratio", title="Window length vs the true 2-h effect period (synthetic)")
        ax.legend()
        plt.show()
        """
    )
    nb.exercise(
        "05.best-window",
        "which window length?",
        """
        In the `lengths` table, which hazard window length (in hours) gives the estimate
        closest to the planted odds ratio of 3 on the log scale? Answer with a whole number.
        """,
        "answer_best_window",
        """
        closest = (np.log(lengths["odds_ratio"]) - np.log(3.0)).abs().idxmin()
        answer_best_window = int(lengths.loc[closest, "hours"])
        check("05.best-window", answer_best_window)
        """,
    )
    nb.md(
        """
        Maclure (1991) chose the effect-period length as the one that maximises the rate-ratio
        estimate; with a real trigger, windows that are too long dilute the estimate towards 1,
        while windows that are too short miss part of the effect.

        ## 6. Turn each threat up and down

        Choose a threat and move its strength. "No threat" values: trend 1, confounder OR 1,
        recall 0, window length 2. The widget uses smaller studies than the cells above, so
        expect more sampling noise. The static figure first shows the widget's starting state:
        """
    )
    nb.code(
        """
        start = labs.run_bias_experiment("time_trend", labs.THREATS["time_trend"].default, seed=SEED)
        plots.bias_plot(start, truth=2.0, title="Bias lab start: time trend, OR 0.7 per week (synthetic, smaller study)")
        plt.show()
        """
    )
    nb.code(
        """
        lab = widgets.bias_lab_explorer(threat="time_trend", seed=SEED)
        lab
        """,
        tags=["nbval-ignore-output"],
    )
    nb.exercise(
        "05.which-unbiased",
        "which referent schemes resist a trend?",
        """
        Which referent schemes are (approximately) free of bias from a smooth time trend in
        exposure? Reason from where each scheme's referents lie relative to the event in time,
        not from one study's CI (the `trend` table shows one seeded study only). Give all letters
        that apply, e.g. `"a, b"`.

        - (a) unidirectional
        - (b) symmetric bidirectional
        - (c) time-stratified
        """,
        "answer_schemes",
        """
        # Referents on both sides of the event (b, c) see the trend from above and below, so it
        # averages out; referents only before it (a) all sit on one side of the trend.
        answer_schemes = "b, c"
        check("05.which-unbiased", answer_schemes)
        """,
    )
    nb.key_points(
        [
            "Referents only before the event are biased by time trends in exposure; bidirectional and time-stratified referents balance them.",
            "Referent sets that depend on the event time (e.g. cut at the study's edges) cause overlap bias; fixed time strata avoid it.",
            "Case-time-control removes a trend shared by cases and controls, but fails, or adds bias, if their trends differ.",
            "Self-matching does not remove confounders that change within a person; measured ones can be adjusted for.",
            "Differential recall after a flare inflates the odds ratio; a window longer than the effect period dilutes it.",
        ]
    )
    nb.further_reading(
        [
            "Bateson TF, Schwartz J. Control for seasonal variation and time trend in case-crossover studies of acute effects of environmental exposures. *Epidemiology* 1999;10(5):539–544.",
            "Janes H, Sheppard L, Lumley T. Case-crossover analyses of air pollution exposure data: referent selection strategies and their implications for bias. *Epidemiology* 2005;16(6):717–726.",
            "Lumley T, Levy D. Bias in the case-crossover design: implications for studies of air pollution. *Environmetrics* 2000;11(6):689–704.",
            "Suissa S. The case-time-control design. *Epidemiology* 1995;6(3):248–253.",
            "Greenland S. Confounding and exposure trends in case-crossover and case-time-control designs. *Epidemiology* 1996;7(3):231–239.",
            "Hernández-Díaz S, Hernán MA, Meyer K, Werler MM, Mitchell AA. Case-crossover and case-time-control designs in birth defects epidemiology. *Am J Epidemiol* 2003;158(4):385–391.",
        ]
    )
    return nb
