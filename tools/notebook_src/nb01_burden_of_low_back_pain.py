"""Source of notebooks/01_burden_of_low_back_pain.ipynb (Part I).

Convention of this notebook: a published figure quoted in the prose is written in **bold**, and
tests/test_published_epi_data.py checks that every bold number appears in data/published/.
Numbers that are arithmetic on published figures are never bold; they are computed in code cells.
"""

from nbauthor import GLOSSARY_URL, Notebook

G = GLOSSARY_URL


def build() -> Notebook:
    nb = Notebook(
        filename="01_burden_of_low_back_pain.ipynb",
        title="01 · The burden of low back pain",
        objectives=[
            "tell prevalence, incidence, YLDs and DALYs apart, with the GBD 2021 figures for LBP",
            "read an uncertainty interval correctly (and say what it is not)",
            "compute a percentage change, a rate per 100 000 and a change in percentage points from published figures",
            "explain why 619 → 843 million is 36.2% by hand while the reported figure is 36.4%",
            "quote Norwegian figures on back pain and sick leave with their sources",
        ],
        prerequisites=["00_start_here"],
        minutes={"teaching": 25, "exercises": 15},
        imports="""
            import matplotlib.pyplot as plt
            import pandas as pd

            from lbpkit import check, load
            from lbpkit.epi import (cite, combined_attributable_fraction, figure, implied_start,
                                    percent_change, percent_change_rounding_range, rate_per, select)

            burden = load("lbp_burden")
            norway = load("lbp_norway")
        """,
    )
    nb.md(f"""
        ## Why start with the burden?

        Part II and Part III of this kit are about a study design, the [case-crossover]({G}#case-crossover) study, and
        about one study, FLAReS, that used it to ask whether everyday activities [trigger]({G}#trigger) [flares]({G}#flare) of
        low back pain (LBP). Before the design, the condition: how many people have LBP, how much
        disability it causes, and how those numbers are made. Every figure in this notebook is read
        from `data/published/` with `load(...)`; each row there carries its source and a URL, and
        is marked **P** (primary: the publication itself or a copy of its abstract or table) or
        **S** (secondary: a news item or summary reporting someone else's figure, to be checked
        against the original before it is taught).

        The main source is the Global Burden of Disease (GBD) 2021 analysis of LBP (Ferreira et
        al., *Lancet Rheumatology* 2023). GBD counts LBP as pain between the 12th ribs and the
        gluteal folds lasting at least one day.

        ## 1. Three ways to count a condition

        - [Prevalence]({G}#prevalence): how many people *have* the condition at a point in time
          (a count, or a proportion of the population).
        - [Incidence]({G}#incidence): how many *new* cases (here: new episodes) start during a
          period, usually a year.
        - [Years lived with disability (YLD)]({G}#yld): prevalence weighted by how disabling the
          condition is. LBP kills almost no one, so its
          [disability-adjusted life years (DALYs)]({G}#daly) are essentially its YLDs.

        GBD publishes each as a count and as an
        [age-standardised rate]({G}#age-standardised-rate) — a rate per 100 000 people computed as
        if every country had the same (standard) age structure, so that countries and years can be
        compared without the comparison being driven by ageing.
    """)
    nb.code("""
        headline = select(burden, ["gbd21_cases_2020", "gbd21_cases_2050", "gbd21_yld_rate_2020",
                                   "gbd21_asprev_change_1990_2020", "gbd21_asyld_change_1990_2020"])
        display(headline[["measure", "value", "lower", "upper", "interval", "unit", "year", "source_type"]])
        print(cite(headline))
    """)
    nb.md(f"""
        In 2020 about **619** million people had LBP (95% UI **554–694** million); the projection for
        2050 is **843** million (**759–933**). The global age-standardised YLD rate was **832** per
        100 000 (**578–1070**).

        ### What an uncertainty interval is — and is not

        The numbers in brackets are a 95% [uncertainty interval (UI)]({G}#uncertainty-interval).
        GBD repeats its whole modelling chain many times, drawing the inputs from their
        uncertainty, and reports the 2.5th and 97.5th percentiles of the results. So "619 million
        (554–694)" says: *the single global number of people with LBP in 2020 is uncertain, and
        values from 554 to 694 million are compatible with the data and the model.*

        It is **not** a range of individual values (not "people have between 554 and 694 of
        anything"), **not** the spread between countries, and **not** a
        [confidence interval]({G}#confidence-interval) from one sample: it also carries the
        uncertainty of the model's assumptions, as far as GBD could quantify it.
    """)
    nb.code("""
        cases = select(burden, ["gbd21_cases_2020", "gbd21_cases_2050"])
        fig, ax = plt.subplots(figsize=(5, 3.6))
        errors = [cases["value"] - cases["lower"], cases["upper"] - cases["value"]]
        ax.bar(cases["year"], cases["value"], yerr=errors, capsize=8, color=["#4c72b0", "#dd8452"])
        for x, v in zip(cases["year"], cases["value"]):
            ax.text(x, 40, f"{v:.0f}", ha="center", color="white", fontweight="bold")
        ax.set_xlabel("Year (2050 = projection)")
        ax.set_ylabel("People with LBP (million)")
        ax.set_title("Prevalent LBP cases with 95% UI\\nSource: GBD 2021 LBP, Ferreira et al. 2023", fontsize=10)
        plt.show()
    """)
    nb.md("""
        ## 2. Arithmetic you should be able to do yourself

        **Percentage change** = (later − earlier) / earlier × 100. From 619 to 843 million:
    """)
    nb.code("""
        cases_2020 = figure(burden, "gbd21_cases_2020")
        cases_2050 = figure(burden, "gbd21_cases_2050")
        published = figure(burden, "gbd21_cases_change_2020_2050")
        print(f"By hand from the rounded counts: {percent_change(cases_2020, cases_2050):.1f}%")
        print(f"Reported for the paper:          {published:.1f}%  (secondary source)")
    """)
    nb.md("""
        Why the difference? The abstract rounds the counts to whole millions. "619 million" stands
        for any count from 618.5 up to 619.5 million, and "843" for 842.5 up to 843.5 million. The
        paper presumably computed its **36.4**% from the unrounded counts (we could not check this:
        see below). The cell below finds the smallest and largest percentage change the two rounded
        numbers allow.
    """)
    nb.code("""
        low, high = percent_change_rounding_range(cases_2020, cases_2050, half_unit=0.5)
        print(f"Percentage changes compatible with the rounded counts: {low:.2f}% to {high:.2f}%")
        print(f"Does the reported value lie in that range (after rounding to 1 decimal)? "
              f"{round(low, 1) <= published <= round(high, 1)}")
    """)
    nb.md("""
        The reported **36.4**% lies at the very top of what the rounded counts allow: it is possible
        only if the unrounded 2020 count was near the bottom of its rounding band and the 2050
        count near the top. The 36.4% comes from press coverage (S), and we could not check the
        paper's unrounded counts. The lesson: **recompute from rounded inputs only to check the
        order of magnitude, and quote the published percentage** — with its source — rather than
        your recomputation. Never "round into shape" a published figure.

        **Counts rise while rates fall.** WHO's summary of the GBD 2021 results (S) says cases in
        2020 were **60**% more than in 1990 and LBP YLDs rose **59**%, yet the age-standardised
        prevalence fell by **10.4**% and the age-standardised YLD rate by **10.5**%. Both are true:
        the world's population grew and aged, and LBP is commoner at older ages, so the number of
        people with LBP rose although the risk at any given age fell slightly.
    """)
    nb.code("""
        changes = select(burden, ["who_cases_change_1990_2020", "who_yld_change_1990_2020",
                                  "gbd21_asprev_change_1990_2020", "gbd21_asyld_change_1990_2020"])
        labels = ["cases (count)", "YLDs (count)", "age-std. prevalence", "age-std. YLD rate"]
        fig, ax = plt.subplots(figsize=(6.5, 3))
        ax.barh(labels, changes["value"], color=["#4c72b0", "#4c72b0", "#c44e52", "#c44e52"])
        ax.axvline(0, color="black", linewidth=1)
        ax.invert_yaxis()
        ax.set_xlabel("Change 1990 → 2020 (%)")
        ax.set_title("Counts up, age-standardised rates down\\nSource: GBD 2021 LBP as reported by WHO and news items (S)",
                     fontsize=10)
        plt.show()
    """)
    nb.exercise(
        "01.cases-1990",
        "How many cases in 1990?",
        """
        The 1990 count is not in the abstract. WHO (S) reports that 2020 cases were 60% more than
        in 1990. Using the 2020 count of 619 million, how many **million** cases does that imply for
        1990? (Use `figure(burden, "who_cases_change_1990_2020")` and `implied_start`, or do it by
        hand.)
        """,
        "cases_1990",
        """
        cases_1990 = implied_start(figure(burden, "gbd21_cases_2020"), figure(burden, "who_cases_change_1990_2020"))
        print(f"Implied 1990 count: {cases_1990:.0f} million (arithmetic, not a published figure)")
        check("01.cases-1990", cases_1990)
        """,
    )
    nb.md(f"""
        ## 3. Rates per 100 000, incidence and prevalence

        A rate per 100 000 is a count divided by the population and multiplied by 100 000. It is
        *not* a percentage: 832 per 100 000 is 0.832 per 100 people. Li et al. 2024 (another
        analysis of GBD 2021, for the year 2021) report **628.8** million prevalent and **266.9**
        million incident cases, and an age-standardised incidence of **3176.6** per 100 000.
        Prevalence counts people who *have* LBP; incidence counts episodes that *start* during the
        year. A condition with many short episodes can have a high incidence relative to its
        prevalence; one that lasts for years accumulates prevalent cases.
    """)
    nb.code("""
        li = select(burden, ["li24_cases_2021", "li24_incident_2021", "li24_asir_2021"])
        display(li[["measure", "value", "unit", "year", "analysis", "source_type"]])
        print(cite(li))
        per_100 = rate_per(figure(burden, "gbd21_yld_rate_2020"), 100_000, per=100)
        print(f"The YLD rate of 832 per 100 000 is {per_100:.3g} YLDs per 100 people (not 832%).")
        TOWN = 20_000  # a made-up town for the next exercise, not a real population
    """)
    nb.exercise(
        "01.rate-to-count",
        "From a rate to a count",
        """
        Suppose a town of 20 000 people had the global age-standardised incidence rate of 2021
        (Li et al. 2024). How many **new cases** of LBP would you expect there in a year?
        The town is made up for the exercise; the cell above stored its size in `TOWN`.
        """,
        "new_cases",
        """
        new_cases = rate_per(figure(burden, "li24_asir_2021"), 100_000, per=TOWN)
        print(f"Expected new cases: {new_cases:.0f}")
        check("01.rate-to-count", new_cases)
        """,
    )
    nb.md(f"""
        ## 4. How much is attributable to known risk factors?

        GBD estimates a [population attributable fraction]({G}#population-attributable-fraction):
        the share of LBP YLDs that would not occur if a risk factor were removed (under its model).
        The GBD 2021 LBP paper reports that **38.8**% (UI **28.7–47.0**) of LBP YLDs in 2020 were
        attributable to the three modelled risks *together* — occupational factors, smoking and high
        body-mass index (BMI) — a secondary-source figure. The separate shares were not in the
        sources we found for that paper. A separate GBD 2021 analysis (a congress abstract, for 2021)
        gives occupational risks **22.1**%, smoking **12.6**% and high BMI **11.9**%. An older
        analysis (GBD 2010, Driscoll et al. 2014) put the fraction for occupational ergonomic
        exposures at **26**%.
    """)
    nb.exercise(
        "01.shares-add-up",
        "Do the shares add up?",
        """
        Before running the plot below, predict: compared with the combined share of 38.8%, the sum
        of the three factor-specific shares is

        - (a) equal to it, because the combined share is the sum of its parts;
        - (b) larger than it;
        - (c) smaller than it.

        Answer with a letter, e.g. `"a"`.
        """,
        "shares_answer",
        """
        factors = sum(figure(burden, f"gbdrf_attr_{name}_2021") for name in ["occupational", "smoking", "high_bmi"])
        print(f"Sum of the three shares: {factors:.1f}% vs combined {figure(burden, 'gbd21_attr_combined_2020')}%")
        combined = figure(burden, "gbd21_attr_combined_2020")
        shares_answer = "b" if factors > combined else ("c" if factors < combined else "a")
        check("01.shares-add-up", shares_answer)
        """,
        predict=True,
    )
    nb.code("""
        ids = ["gbd21_attr_combined_2020", "gbdrf_attr_occupational_2021", "gbdrf_attr_smoking_2021",
               "gbdrf_attr_high_bmi_2021", "driscoll14_paf"]
        shares = select(burden, ids)
        labels = [f"{g} ({a.split(' (')[0]}, {y}, {s})" for g, a, y, s in
                  zip(shares["group"], shares["analysis"], shares["year"], shares["source_type"])]
        err = [(shares["value"] - shares["lower"]).astype(float), (shares["upper"] - shares["value"]).astype(float)]
        fig, ax = plt.subplots(figsize=(7.5, 3.2))
        ax.barh(labels, shares["value"], xerr=err, capsize=4, color="#8172b2")
        ax.invert_yaxis()
        ax.set_xlabel("Share of LBP YLDs (DALYs for GBD 2010) attributable (%), with 95% UI")
        ax.set_title("Attributable shares, each from its own analysis\\nSources: see data/published/lbp_burden.csv",
                     fontsize=10)
        plt.show()
    """)
    nb.md("""
        The bars do not add up, for two reasons. First, attributable fractions **overlap**: a case
        of LBP in an obese smoker doing heavy manual work may be avoidable by removing any one of
        the three risks, so it is counted in each factor's share. If the risks acted independently
        and multiplied each other, the joint fraction would be 1 − (1 − f₁)(1 − f₂)(1 − f₃), which
        is smaller than the sum. Second, the bars come from **different analyses and years**
        (2020 vs 2021, GBD 2021 vs GBD 2010), so they are not parts of one whole.
    """)
    nb.code("""
        fractions = [figure(burden, f"gbdrf_attr_{n}_2021") / 100 for n in ["occupational", "smoking", "high_bmi"]]
        joint = combined_attributable_fraction(fractions)
        print(f"Joint share if the three risks acted independently: {joint * 100:.1f}% "
              "(arithmetic on the congress-abstract shares, not a published figure)")
    """)
    nb.md(f"""
        ## 5. Estimates from different GBD rounds

        Each GBD round re-estimates the whole series with new data and methods, so numbers from
        different rounds must not be strung together into a trend. GBD 2017 (Wu et al. 2020)
        estimated **577.0** million prevalent cases in 2017 and an age-standardised point prevalence
        falling from **8.20**% in 1990 to **7.50**% in 2017. Compare a change within one round in
        [percentage points]({G}#percentage-point) and in percent:
    """)
    nb.code("""
        rounds = select(burden, ["wu20_point_prev_1990", "wu20_point_prev_2017", "wu20_cases_1990",
                                 "wu20_cases_2017", "hoy14_point_prev", "li24_cases_2021"])
        display(rounds[["measure", "value", "lower", "upper", "unit", "year", "analysis"]])
        print(cite(rounds))
    """)
    nb.exercise(
        "01.percentage-points",
        "Percentage points, not percent",
        """
        Within GBD 2017, by how many **percentage points** did the global age-standardised point
        prevalence of LBP change from 1990 to 2017? (A fall is negative.)
        """,
        "change_points",
        """
        change_points = figure(burden, "wu20_point_prev_2017") - figure(burden, "wu20_point_prev_1990")
        relative = percent_change(figure(burden, "wu20_point_prev_1990"), figure(burden, "wu20_point_prev_2017"))
        print(f"{change_points:.2f} percentage points, i.e. a relative change of {relative:.1f}%")
        check("01.percentage-points", change_points)
        """,
    )
    nb.md("""
        ## 6. Norway

        Norwegian figures come from several kinds of source: a clinical guide on NHI.no (S), a
        public-health survey by the Norwegian Institute of Public Health (FHI, reported by a clinic
        page, S), cohort studies from the HUNT study in Trøndelag, and official sick-leave
        statistics from NAV. The NHI.no guide says that up to **45**% of people have troublesome back
        pain in a year; the FHI survey in Rogaland in 2023 found **43**% with LBP in the last 28 days.
        In HUNT, adults free of chronic LBP who had particularly strenuous work had a higher risk of
        chronic LBP 11 years later than those with sedentary work (relative risk **1.36**, 95% CI
        **1.17–1.59** in men; **1.30**, **1.00–1.71** in women).
    """)
    nb.code("""
        picked = select(norway, ["nhi_year_prev_upper", "fhi_rogaland_lbp_28d", "ssb12_msd6m_women", "ssb12_msd6m_men",
                                 "heuch17_rr_men", "heuch17_rr_women", "brage10_sickleave_share"])
        display(picked[["measure", "group", "value", "lower", "upper", "unit", "year", "source_type"]])
        print(cite(picked))
    """)
    nb.md("""
        NAV's official tables give doctor-certified sick-leave workdays in the third quarter by
        diagnosis. The share due to back disorders is arithmetic on two published counts; the MST
        report gives published shares for whole years. Different bases (one quarter vs a whole
        year) give somewhat different shares.
    """)
    nb.code("""
        nav = pd.DataFrame({year: {"back": figure(norway, f"nav_q3_back_{year}"), "all": figure(norway, f"nav_q3_total_{year}")}
                            for year in (2004, 2013)}).T
        nav["share_percent"] = nav["back"] / nav["all"] * 100
        mst = {y: figure(norway, f"mst_back_share_{y}") for y in (2007, 2011)}
        fig, ax = plt.subplots(figsize=(6, 3.4))
        ax.bar(nav.index, nav["share_percent"], width=1.6, color="#4c72b0", label="NAV Q3 (computed from counts)")
        ax.bar(list(mst), list(mst.values()), width=1.6, color="#55a868", label="MST report, whole year (published)")
        ax.set_ylim(0, 17)
        ax.set_ylabel("Back disorders' share\\nof sick-leave workdays (%)")
        ax.set_xlabel("Year")
        ax.set_title("Sick leave due to back disorders, Norway\\nSources: NAV tables; MST report 2013", fontsize=10)
        ax.legend(fontsize="small", loc="upper right", ncols=1)
        plt.show()
    """)
    nb.code("""
        display(nav.astype({"back": int, "all": int}).assign(share_percent=nav["share_percent"].round(1)))
        print(cite(select(norway, ["nav_q3_back_2004", "mst_back_share_2007"])))
    """)
    nb.key_points([
        "Prevalence counts people who have LBP, incidence counts new episodes, YLDs weight prevalence by disability; "
        "GBD 2021: 619 million prevalent cases in 2020, 843 million projected for 2050.",
        "A 95% uncertainty interval describes uncertainty about one population number, not a range of individual values.",
        "Percentage change divides by the starting value; recomputing from rounded counts (36.2%) need not match the "
        "reported figure (36.4%), presumably computed from unrounded counts: quote the reported one with its source.",
        "Counts can rise while age-standardised rates fall (population growth and ageing); attributable shares overlap and do not add up.",
        "Percent and percentage points are different; rates per 100 000 are not percentages.",
        "Every figure has a source and a type (P or S); figures from different GBD rounds or analyses are not one series.",
    ])
    nb.further_reading([
        "GBD 2021 Low Back Pain Collaborators (Ferreira ML et al.). Global, regional, and national burden of low back "
        "pain, 1990–2020, its attributable risk factors, and projections to 2050. *Lancet Rheumatol* 2023;5(6):e316–e329. "
        "Abstract copy: https://atlas.chiro.org/2023/05/global-regional-and-national-burden-of-low-back-pain-1990-2020-its-attributable-risk-factorsand-projections-to-2050-a-systematic-analysis-of-the-global-burden-of-disease-study-2021/",
        "Hartvigsen J et al. What low back pain is and why we need to pay attention. *Lancet* 2018;391:2356–2367. "
        "http://chiro.org./Graphics_Box_LOW_BACK/What_Low_Back_Pain_Is.shtml",
        "Wu A et al. Global low back pain prevalence and years lived with disability from 1990 to 2017 (GBD 2017). "
        "*Ann Transl Med* 2020. https://pmc.ncbi.nlm.nih.gov/articles/PMC7186678",
        "Driscoll T et al. The global burden of occupationally related low back pain (GBD 2010). *Ann Rheum Dis* "
        "2014;73:975–981. https://ard.bmj.com/content/73/6/975",
        "Heuch I et al. Work activity and chronic LBP in the HUNT study. *PLoS One* 2017. "
        "https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0175086",
        "All figures with their sources: `data/published/lbp_burden.csv` and `data/published/lbp_norway.csv`.",
    ])
    return nb
