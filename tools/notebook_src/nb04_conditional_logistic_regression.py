"""Source of notebooks/04_conditional_logistic_regression.ipynb."""

from nbauthor import GLOSSARY_URL, Notebook

G = GLOSSARY_URL


def build() -> Notebook:
    nb = Notebook(
        filename="04_conditional_logistic_regression.ipynb",
        title="04 · Conditional logistic regression for case-crossover data",
        objectives=[
            "explain how the matched-pair odds ratio b/c follows from a conditional likelihood",
            "fit a conditional logistic regression in statsmodels and with lbpkit, and read its output",
            "compare Mantel–Haenszel and conditional logistic estimates with several referents per case",
            "interpret a per-hour odds ratio for a continuous exposure, e.g. what OR 1.05 per hour means for 8 hours",
            "use Monte Carlo simulation to see the sampling distribution and the coverage of confidence intervals",
        ],
        prerequisites=["03_case_crossover_logic"],
        minutes={"teaching": 45, "exercises": 25},
        imports="""
            import matplotlib.pyplot as plt
            import numpy as np
            import pandas as pd
            from statsmodels.discrete.conditional_models import ConditionalLogit

            import lbpkit
            from lbpkit import check, estimate, labs, plots, simulate, widgets
            from lbpkit.flares_twin import informative_participants, simulate_flares_cohort

            SEED = 404  # every simulation below is seeded from this number
            rng = np.random.default_rng(SEED)
        """,
    )
    nb.md(
        f"""
        ## 1. From $b/c$ to the conditional likelihood

        In notebook 03 the odds ratio of 1:1 pairs was $b/c$. Where does that come from?
        Suppose each person has their own baseline odds of a flare, $\\alpha_i$, which we do not
        know and do not want to estimate (there would be one per person). Given that exactly one
        of the two windows of a pair is the case window, the probability that it is the exposed
        one is

        $$P(\\text{{exposed window is the case}} \\mid \\text{{one case in the pair}}) =
        \\frac{{\\alpha_i\\,\\mathrm{{OR}}}}{{\\alpha_i\\,\\mathrm{{OR}} + \\alpha_i}} = \\frac{{\\mathrm{{OR}}}}{{1 + \\mathrm{{OR}}}}.$$

        The baseline $\\alpha_i$ cancels: that is the whole trick. Multiplying over pairs gives the
        **[conditional likelihood]({G}#conditional-likelihood)**; each of the $b$ pairs
        contributes $\\mathrm{{OR}}/(1+\\mathrm{{OR}})$, each of the $c$ pairs $1/(1+\\mathrm{{OR}})$, and concordant pairs
        contribute a factor that does not depend on the OR. Its maximum is at $\\mathrm{{OR}} = b/c$.
        Here it is for the Breslow–Day pairs ($b$ = 29, $c$ = 3) from the data file:
        """
    )
    nb.code(
        """
        worked = lbpkit.load("casecrossover_worked_examples")
        bd = worked[worked["example_id"] == "bdendo11"].set_index("quantity")["value"]
        b, c = int(bd["pairs_case_only_exposed"]), int(bd["pairs_control_only_exposed"])
        grid = np.linspace(np.log(1), np.log(60), 300)
        loglik = labs.pair_conditional_loglik(grid, b, c)
        fig, ax = plt.subplots(figsize=(6.5, 3.5))
        ax.plot(np.exp(grid), loglik)
        ax.axvline(b / c, color="firebrick", linestyle="--", label=f"b/c = {b / c:.3f}")
        ax.set(xscale="log", xlabel="Odds ratio (log scale)", ylabel="Conditional log-likelihood",
               title="bdendo11 pairs (Lab 7 data): the likelihood peaks at b/c")
        ax.legend()
        plt.show()
        """
    )
    nb.md(
        f"""
        ## 2. Conditional logistic regression in statsmodels

        **[Conditional logistic regression]({G}#conditional-logistic-regression)** maximises this
        likelihood for any number of windows per matched set and any exposures. In statsmodels the
        class is `ConditionalLogit`. It needs:

        - a 0/1 outcome (1 = the case window, 0 = a referent window);
        - `groups=`: which rows form a matched set (one per onset);
        - **no intercept**: every set's own baseline is conditioned away (statsmodels refuses a
          constant column).

        We rebuild the 63 bdendo11 pairs from the published counts, one row per person:
        """
    )
    nb.code(
        """
        kinds = [(1, 1)] * int(bd["pairs_both_exposed"]) + [(1, 0)] * b + [(0, 1)] * c + [(0, 0)] * int(bd["pairs_neither_exposed"])
        pairs = pd.DataFrame({"pair": np.repeat(np.arange(len(kinds)), 2), "case": [1, 0] * len(kinds),
                              "oestrogen": np.ravel(kinds)})
        model = ConditionalLogit(pairs["case"], pairs[["oestrogen"]], groups=pairs["pair"])
        result = model.fit(method="newton", disp=False)
        print(f"log OR = {result.params['oestrogen']:.4f}, SE = {result.bse['oestrogen']:.4f}, OR = {np.exp(result.params['oestrogen']):.3f}")
        """
    )
    nb.md(
        """
        We ask for `method="newton"`: the default optimiser (BFGS, a general-purpose hill-climbing
        method that only approximates the curvature of the likelihood) stops slightly early on this
        example. `lbpkit.estimate.conditional_logit` wraps the same model and returns a tidy table
        with the odds ratio and its 95% CI; `engine="fast"` uses the kit's own exact, vectorised
        implementation (the same estimates, much faster, used for simulations below).
        """
    )
    nb.code(
        """
        fit = estimate.conditional_logit(pairs, "case", "oestrogen", "pair")
        print(f"Published clogit OR 9.667 (2.945–31.733), {worked.attrs['sources'][0]['title'][:40]}...")
        fit.round(3)
        """
    )
    nb.exercise(
        "04.or-from-coef",
        "from a coefficient to an odds ratio",
        """
        The published conditional logistic coefficient (log odds ratio) for the 1:4 matched
        Breslow–Day data (`bdendo`) is in the data file as `clogit_log_or`:
        `worked.query("example_id == 'bdendo'")`. Convert it to an odds ratio.
        """,
        "answer_bdendo_or",
        """
        coef = worked.query("example_id == 'bdendo' and quantity == 'clogit_log_or'")["value"].iloc[0]
        answer_bdendo_or = float(np.exp(coef))
        print(round(answer_bdendo_or, 3))
        check("04.or-from-coef", answer_bdendo_or)
        """,
    )
    nb.md(
        f"""
        ## 3. Several referents per case: Mantel–Haenszel vs conditional logistic

        With two referents per case (as in Steffens et al.), each onset gives a set of three
        windows. Two estimators are common: the **[Mantel–Haenszel]({G}#mantel-haenszel)**
        odds ratio, which pools the 2×2 table of every set without a model, and conditional
        logistic regression. For 1:1 pairs they are identical ($b/c$); with more referents they
        differ a little. The published 1:4 bdendo results show this: MH 8.46 vs
        $e^{{2.074}}$ ≈ 7.96 from clogit. On a simulated lifting study (planted OR 3, Steffens windows):
        """
    )
    nb.code(
        """
        diary = simulate.simulate_diary(5000, 14 * 24, seed=SEED, odds_ratio=3.0, exposure_prob=0.06, event_prob=0.001)
        steffens = simulate.diary_to_case_crossover(diary, hazard=(0, 2), referents=[(24, 26), (48, 50)], warn=False)
        both = pd.concat({
            "Mantel–Haenszel": estimate.mantel_haenszel(steffens, "case", "exposure", "stratum"),
            "conditional logistic": estimate.conditional_logit(steffens, "case", "exposure", "stratum", engine="fast"),
        }).droplevel(1)
        print(f"{steffens['stratum'].nunique()} onsets, 2 referents each; planted OR 3 (synthetic)")
        both[["odds_ratio", "ci_lower", "ci_upper"]].round(3)
        """
    )
    nb.md(
        f"""
        ## 4. Continuous exposures and the per-hour odds ratio

        FLAReS (Suri et al. 2025) did not ask "lifted or not" but *how many hours* of the past 24
        included lifting. A (conditional) logistic regression on hours gives a
        **[per-hour odds ratio]({G}#per-hour-odds-ratio)**: the odds of a flare are multiplied by
        it for each extra hour. If the log odds are linear in hours, $k$ extra hours multiply the
        odds by $\\mathrm{{OR}}^k$. The sources available describe the FLAReS model only as
        "logistic regression"; whether it was conditional, and on what matched sets, is not
        reported. The published estimates:
        """
    )
    nb.code(
        """
        flares_or = lbpkit.load("flares_published_or")
        print("Source:", flares_or.attrs["source"][:100], "...")
        flares_or[["activity", "odds_ratio", "ci_lower", "ci_upper", "reported"]].round(3)
        """
    )
    nb.exercise(
        "04.per-hour",
        "what does a per-hour OR mean over a working day?",
        """
        Take the published per-hour odds ratio for lifting from `flares_or`. By how much are the
        odds of a flare multiplied after **8** extra hours with lifting in the past 24 hours
        (a working day; assuming the log odds are linear in hours)? Answer with the factor to
        three significant digits, e.g. `1.23`.
        """,
        "answer_eight_hours",
        """
        per_hour = float(flares_or.set_index("activity").loc["lifting", "odds_ratio"])
        answer_eight_hours = per_hour ** 8
        print(round(answer_eight_hours, 3))
        check("04.per-hour", answer_eight_hours)
        """,
    )
    nb.md(
        f"""
        ## 5. Several events per person, as in FLAReS

        In FLAReS each participant could report several flares and completed many scheduled
        (non-flare) surveys. If FLAReS used conditional logistic regression stratified by
        participant (not confirmed in the sources, which report only "logistic regression"), the
        matched set would be the **participant**: all his or her flare and non-flare surveys,
        with several 1s in one set. The exact conditional likelihood handles this (it sums over
        all ways to choose that many case rows in the set). Here we fit that model to the kit's
        **synthetic** FLAReS twin (see notebook 07), a simulated cohort with the published
        design whose per-hour odds ratios were calibrated so that this analysis lands near the
        published ones (it is not FLAReS data). Participants without both a flare and a non-flare survey cannot inform the
        analysis, so we keep the others and say how many:
        """
    )
    nb.code(
        """
        twin = simulate_flares_cohort(seed=2025)
        informative = informative_participants(twin)
        print(f"{informative['participant_id'].nunique()} of {twin['participant_id'].nunique()} synthetic participants have both survey types; "
              f"{int(informative['flare'].sum())} flare surveys")
        twin_fit = estimate.conditional_logit(informative, "flare", ["hours_lifting", "hours_sitting"], "participant_id", engine="fast")
        published = flares_or.set_index("activity").loc["lifting", "odds_ratio"]
        print(f"twin lifting OR {twin_fit.loc['hours_lifting', 'odds_ratio']:.4g} vs published {published:.3g}: "
              "close by construction (the twin was calibrated to the published ORs), so this is no check of FLAReS")
        twin_fit[["odds_ratio", "ci_lower", "ci_upper"]].round(3)
        """
    )
    nb.md(
        """
        Two cautions from the methods literature, which are easy to confuse:

        - **Several cases in one set are not wrong in themselves.** Wang et al. (2011) studied a
          different situation: air-pollution time series, where all cases of a calendar stratum
          share the *same* exposure history, and merging them into one set was analysed in SAS
          with `ties=discrete`; that gave estimates biased away from the null by 22–39% in their
          simulations, while `ties=Breslow` was unbiased. Here each participant's set holds his
          or her own surveys, each of which can be a flare at most once, so the exact conditional
          likelihood (the same likelihood as SAS `ties=discrete`) fits the data; Wang's bias arose
          because several cases could share one day of a common series, which that likelihood
          does not allow (`ties=Breslow` does).
        - **Recurrent events within a person are a separate concern.** A participant's repeated
          flares may not be independent (e.g. one flare changes later behaviour or risk), which
          the model above ignores; Luo & Sorock (*Stat Med*, doi 10.1002/sim.3171) discuss this within-person
          dependence in case-crossover studies.
        """
    )
    nb.md(
        f"""
        ## 6. Monte Carlo: how much would the estimate vary from study to study?

        A single study gives one estimate and one confidence interval. **[Monte Carlo]({G}#monte-carlo)**
        simulation repeats the whole study hundreds of times with a known truth, which shows the
        **[sampling distribution]({G}#sampling-distribution)** of the estimate and the
        **[coverage]({G}#coverage)** of its 95% CI (the share of intervals that contain the truth;
        about 95% if all is well). Each study below has 200 cases with two referents each, 20%
        exposure in referent windows and a planted OR of 2; 400 studies take about a second.
        """
    )
    nb.code(
        """
        studies = widgets.monte_carlo_state(n_cases=200, true_or=2.0, n_studies=400, seed=SEED)
        studies[["study", "odds_ratio", "ci_lower", "ci_upper"]].head().round(3)
        """
    )
    nb.exercise(
        "04.coverage",
        "coverage",
        """
        Each row of `studies` is one simulated study with its 95% CI. What share of the 400
        intervals contain the planted odds ratio of 2? Compute it from the `ci_lower` and
        `ci_upper` columns and answer as a proportion between 0 and 1. (The summary table below
        then shows it as `coverage`.)
        """,
        "answer_coverage",
        """
        answer_coverage = ((studies["ci_lower"] <= 2.0) & (studies["ci_upper"] >= 2.0)).mean()
        print(round(answer_coverage, 3))
        check("04.coverage", answer_coverage)
        """,
    )
    nb.code(
        """
        widgets.monte_carlo_summary(studies).round(3)
        """
    )
    nb.code(
        """
        fig, axes = plt.subplots(1, 2, figsize=(12, 4))
        plots.sampling_distribution_plot(studies, truth=2.0, title="400 synthetic studies of 200 cases", ax=axes[0])
        plots.ci_coverage_plot(studies, truth=2.0, max_studies=50, title="95% CIs of the first 50 synthetic studies", ax=axes[1])
        fig.tight_layout()
        plt.show()
        """
    )
    nb.exercise(
        "04.predict-small-study",
        "a quarter of the cases",
        """
        Predict before you run: if each study had 50 cases instead of 200 (everything else the
        same), how would the empirical SE of the log odds ratio (the spread of the estimates)
        change? Answer with the factor by which it is multiplied, as a number (e.g. `0.5` for
        "halved").

        Then run `widgets.monte_carlo_summary(widgets.monte_carlo_state(n_cases=50, true_or=2.0, n_studies=400, seed=SEED))`.
        """,
        "answer_se_factor",
        """
        small = widgets.monte_carlo_state(n_cases=50, true_or=2.0, n_studies=400, seed=SEED)
        ratio = widgets.monte_carlo_summary(small)["empirical_se"].iloc[0] / widgets.monte_carlo_summary(studies)["empirical_se"].iloc[0]
        print(f"simulated factor: {ratio:.2f}")
        # Standard errors shrink with the square root of the sample size: sqrt(200 / 50) = 2.
        answer_se_factor = 2
        check("04.predict-small-study", answer_se_factor)
        """,
        predict=True,
    )
    nb.md(
        """
        ### Explore: sample size and true effect

        Move the sliders: the number of cases per study, the true odds ratio and the number of
        simulated studies. Runs of more than a few hundred studies take a few seconds; the bar
        shows the progress. Watch the spread of the histogram and the share of red (missing)
        intervals.
        """
    )
    nb.code(
        """
        mc_explorer = widgets.monte_carlo_explorer(n_cases=200, true_or=2.0, n_studies=100, seed=SEED)
        mc_explorer
        """,
        tags=["nbval-ignore-output"],
    )
    nb.key_points(
        [
            "The conditional likelihood compares windows within a person, so each person's baseline cancels; for 1:1 pairs it is maximised at b/c.",
            "statsmodels' ConditionalLogit needs a 0/1 outcome, groups for the matched sets and no intercept; use method='newton' for precise answers.",
            "With several referents, Mantel–Haenszel and conditional logistic estimates are close but not identical.",
            "A per-hour odds ratio compounds: k extra hours multiply the odds by OR to the power k.",
            "Monte Carlo simulation with a known truth shows the spread of estimates and whether 95% CIs cover the truth about 95% of the time.",
        ]
    )
    nb.further_reading(
        [
            "Breslow NE, Day NE. *Statistical Methods in Cancer Research, Vol. 1.* IARC, 1980 (conditional likelihood for matched sets).",
            "Gail MH, Lubin JH, Rubinstein LV. Likelihood calculations for matched case-control studies and survival studies with tied death times. *Biometrika* 1981;68:703–707.",
            "statsmodels documentation: `statsmodels.discrete.conditional_models.ConditionalLogit`. https://statsmodels.org/stable/generated/statsmodels.discrete.conditional_models.ConditionalLogit.html",
            "Suri P, et al. Physical activities and flares of low back pain (FLAReS). *JAMA Netw Open* 2025;8(12):e2547915.",
            "Wang SV, Coull BA, Schwartz J, Mittleman MA, Wellenius GA. Potential for bias in case-crossover studies with shared exposures analyzed using SAS. *Am J Epidemiol* 2011;174(1):118–124. https://pmc.ncbi.nlm.nih.gov/articles/PMC3133813",
        ]
    )
    return nb
