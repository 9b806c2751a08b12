"""Source of notebooks/02_course_flares_and_triggers.ipynb (Part I).

Convention of this notebook: a published figure quoted in the prose is written in **bold**, and
tests/test_published_epi_data.py checks that every bold number appears in data/published/.
Numbers that are arithmetic on published figures are never bold; they are computed in code cells.
"""

from nbauthor import GLOSSARY_URL, Notebook

G = GLOSSARY_URL


def build() -> Notebook:
    nb = Notebook(
        filename="02_course_flares_and_triggers.ipynb",
        title="02 · Course, flares and triggers of low back pain",
        objectives=[
            "describe the course of LBP as trajectories and episodes rather than acute vs chronic",
            "compare recurrence estimates and explain why they range from about a third to two thirds",
            "contrast person-dependent and fixed-threshold definitions of a flare",
            "tell transient triggers from long-term risk factors, and say which design studies each",
            "state the puzzle of Parts II–III: activity may raise the short-term risk of a flare, yet prescribed exercise "
            "helps in the long run and FLAReS found no long-term association of everyday activities with functional limitation",
        ],
        prerequisites=["01_burden_of_low_back_pain"],
        minutes={"teaching": 30, "exercises": 20},
        imports="""
            import textwrap

            import matplotlib.pyplot as plt
            import pandas as pd

            from lbpkit import check, load
            from lbpkit.epi import cite, figure, select, shares_from_counts
            from lbpkit.plots import forest_plot, window_timeline

            course, recurrence = load("lbp_course"), load("lbp_recurrence")
            triggers, prevention = load("lbp_triggers"), load("lbp_prevention_treatment")
        """,
    )
    nb.md(f"""
        ## 1. The course of LBP: trajectories, not just "acute" and "chronic"

        Textbooks split LBP into acute, subacute and chronic by how long it has lasted. Cohorts
        that ask people about their pain every week tell a richer story. Kongsted et al. (2016)
        reviewed data-driven [trajectories]({G}#trajectory) of LBP — groups of people whose pain
        follows a similar path over months — found in **10** adult cohorts, and concluded that
        similar patterns recur across settings and that the acute/subacute/chronic split is too
        simple. Their Table 1 gives the share of each cohort in each trajectory class:
    """)
    nb.code("""
        traj = course[course["figure_id"].str.startswith("traj_")]
        fig, ax = plt.subplots(figsize=(10, 4.8))
        for row, (cohort, classes) in enumerate(traj.groupby("population", sort=False)):
            left = 0.0
            for name, share in zip(classes["group"], classes["value"]):
                ax.barh(row, share, left=left, color="#dddddd", edgecolor="black")
                label = textwrap.fill(name.split(" (")[0], width=max(6, int(share / 1.5)), break_long_words=False)
                ax.text(left + share / 2, row, f"{label}\\n{share:.0f}%", ha="center", va="center", fontsize=6)
                left += share
        ax.set_yticks(range(traj["population"].nunique()), traj["population"].unique(), fontsize=8)
        ax.invert_yaxis()
        ax.set_xlabel("Share of cohort (%)")
        ax.set_title("LBP trajectory classes in five cohorts\\nSource: Kongsted et al. 2016, Table 1", fontsize=10)
        plt.show()
        print("Row totals (%):", traj.groupby("population", sort=False)["value"].sum().astype(int).to_dict())
    """)
    nb.md("""
        Most people are *not* on a path from acute to recovered or to chronic: many have persistent
        mild pain, or pain that comes and goes. Check the row totals printed under the plot: not
        every row adds up to 100. Rounding explains a point or so; Dunn's first cohort falls
        further short, and the table does not say why.

        ### When sources disagree: Dunn's cohort

        Kongsted's table lists the UK primary-care cohort of Dunn (n = **342**) as **31**% persistent
        mild, **30**% recovering, **21**% severe chronic and **13**% fluctuating. Dunn's original
        paper (2006) gives the cluster sizes: **122**, **104**, **71** and **45** people. Compute the
        shares from those counts and compare:
    """)
    nb.exercise(
        "02.dunn-share",
        "Trajectory share from counts",
        """
        What percentage of Dunn's cohort was in the *persistent mild* class, computed from the
        original counts (122 of 342)? Answer in percent.
        """,
        "persistent_mild",
        """
        dunn = course[course["figure_id"].str.startswith("dunn06_n_") & (course["group"] != "all")]
        persistent_mild = float(shares_from_counts(dunn.set_index("group")["value"])["persistent mild"])
        check("02.dunn-share", persistent_mild)
        """,
    )
    nb.code("""
        dunn = course[course["figure_id"].str.startswith("dunn06_n_") & (course["group"] != "all")].set_index("group")
        kongsted = traj[traj["figure_id"].str.startswith("traj_dunn0103_")].set_index("group")["value"]
        compare = pd.DataFrame({"count (Dunn 2006)": dunn["value"].astype(int),
                                "% from counts": shares_from_counts(dunn["value"]).round(1),
                                "% in Kongsted Table 1": kongsted})
        display(compare)
        print(cite(select(course, ["dunn06_n_persistent_mild", "traj_dunn0103_persistent_mild"])))
    """)
    nb.md("""
        The persistent-mild share differs by about five percentage points. The reference sheet of
        this kit suggests a different analysis window as a possible reason, but we could not
        confirm it: **this is an open discrepancy.** When you teach it, quote both numbers and their
        sources rather than silently picking one.

        ### How an episode usually goes

        A meta-analysis of 33 cohorts (Menezes Costa et al.) pooled mean pain on a 0–100 scale.
        In cohorts recruited with acute pain, pain fell fast in the first six weeks and then more
        slowly; in cohorts with persistent pain it stayed higher. A Sydney inception cohort found a
        median of **58** days to recovery and only **72**% fully recovered at 12 months.
    """)
    nb.code("""
        pain = course[course["figure_id"].str.startswith("mcosta_pain_")]
        fig, ax = plt.subplots(figsize=(6, 3.4))
        for group, rows in pain.groupby("group", sort=False):
            ax.plot(rows["weeks"], rows["value"], marker="o", label=group)
        ax.set_xlabel("Weeks since the start of the study")
        ax.set_ylabel("Mean pain (0–100)")
        ax.set_ylim(0, 60)
        ax.legend()
        ax.set_title("Mean pain over one year (pooled cohorts)\\nSource: Menezes Costa et al., CMAJ, meta-analysis", fontsize=10)
        plt.show()
    """)
    nb.md(f"""
        ## 2. Recurrence

        Recovering from an episode is not the end of the story. How often does LBP come back
        within a year ([recurrence]({G}#recurrence))? The answer depends strongly on what counts
        as a recurrence:
    """)
    nb.code("""
        ids = ["machado17_recur_1y", "machado17_recur_care_1y", "dasilva19_recur_1y",
               "dasilva19_recur_activity_1y", "dasilva19_recur_care_1y"]
        rec = select(recurrence, ids, columns=("group", "value", "lower", "upper", "interval", "analysis"))
        fig, ax = plt.subplots(figsize=(7, 3))
        err = [(rec["value"] - rec["lower"]).astype(float), (rec["upper"] - rec["value"]).astype(float)]  # NaN: no CI published
        labels = [f"{g}\\n({a.split(' (')[0]})" for g, a in zip(rec["group"], rec["analysis"])]
        ax.barh(labels, rec["value"], xerr=err, capsize=4, color="#64b5cd")
        ax.invert_yaxis()
        ax.tick_params(axis="y", labelsize=7)
        ax.set_xlabel("Recurrence within one year (%), with 95% CI where published")
        ax.set_title("One-year recurrence of LBP by definition\\nSources: Machado et al. 2017; da Silva et al. 2019", fontsize=10)
        plt.show()
    """)
    nb.md("""
        Machado et al. 2017 (469 recovered people from the Steffens cohort) found **33**% had a
        recurrence within a year, **18**% one for which they sought care. da Silva et al. 2019
        (250 recently recovered people) found **69**% (95% CI **62–74**) had any recurrence,
        **40**% one that limited activity and **41**% one that led to care-seeking. A Cochrane
        protocol (S) summarises the best estimates as **30**–**70**%. Having had more than two
        previous episodes is the most consistent predictor (Machado: odds ratio **3.18**).
    """)
    nb.exercise(
        "02.recurrence-points",
        "Two recurrence estimates",
        """
        By how many **percentage points** does the one-year recurrence of *any* LBP in da Silva et
        al. 2019 exceed that in Machado et al. 2017?
        """,
        "gap_points",
        """
        gap_points = figure(recurrence, "dasilva19_recur_1y") - figure(recurrence, "machado17_recur_1y")
        check("02.recurrence-points", gap_points)
        """,
    )
    nb.md(f"""
        ## 3. What is a flare?

        Between "an episode" and "a recurrence" lies something people with LBP know well: a
        [flare]({G}#flare) — a spell of clearly worse pain within an ongoing condition, lasting
        hours to weeks. There is no single definition. Some are **person-dependent** (the person
        judges whether their pain is worse than usual for them); others use **fixed thresholds**
        (a number of points on a pain scale, a minimum duration). The table puts them side by side,
        with two fixed-threshold *trajectory* definitions for contrast.
    """)
    nb.code("""
        definitions = load("lbp_flare_definitions")
        with pd.option_context("display.max_colwidth", None):
            display(definitions[["study", "wording", "threshold", "duration_text"]].set_index("study"))
        print(f"Source: {definitions.attrs['source']}")
    """)
    nb.md(f"""
        A person-dependent definition fits the question "what triggers *my* flare?": what is a
        flare for someone with mild pain may be ordinary pain for someone with severe pain. Its
        price is that flares are not comparable across people on a common scale. The Pain 2025
        validation study found that being in a flare by the FLAReS definition went with pain
        **2.8** points higher on a 0–10 scale; the Suri 2011 pilot found **2.70** points, and
        **89**% of its **47** participants reported at least one flare in six weeks (a mean of
        **3.5** flares each).

        ## 4. Triggers and risk factors: two questions, two designs

        A [risk factor]({G}#risk-factor) raises the chance of developing a condition over months or
        years — for example heavy physical work (chronic LBP in HUNT, relative risk about 1.3) or
        lifting and carrying at work (Jahn et al. 2023: odds ratio **1.7** for chronic LBP). A
        [trigger]({G}#trigger) is a *transient* exposure that raises the risk of an event for a short
        time just after it, such as a heavy lift in the two hours before back pain starts. The time
        scale decides the design:

        - long-term risk factors: cohort studies and trials that compare *people*;
        - transient triggers: the [case-crossover design]({G}#case-crossover), which compares the
          same person's exposure just before the event (the [hazard period]({G}#hazard-period))
          with their exposure at other, comparable times (the [referent periods]({G}#referent-period)).
          Each person is their own control, so stable traits (age, job, fitness, genes) cancel out.

        ### Steffens et al. 2015: what triggers a new episode?

        In **999** people with a new episode of acute LBP from **300** Sydney clinics, exposure to 12
        possible triggers in the 2 hours before the pain began was compared with the same 2 hours
        one and two days earlier:
    """)
    nb.code("""
        windows = load("lbp_trigger_windows")
        steffens_windows = windows[windows["study"] == "Steffens et al. 2015"].copy()
        steffens_windows["window"] = steffens_windows["window"].where(steffens_windows["kind"] == "referent", "")
        ax = window_timeline(steffens_windows, horizon=54, xlabel="Hours before pain onset (0 = onset)",
                             title="Case and control windows\\nSource: Steffens et al. 2015 (protocol)")
        ax.annotate("case window (0–2 h)", xy=(-1, 0.4), xytext=(-14, 0.4), color="#c0392b",
                    arrowprops={"arrowstyle": "->", "color": "#c0392b"}, va="center", fontsize="small")
        plt.show()
    """)
    nb.md("""
        The odds ratios ranged from **2.7** (moderate or vigorous physical activity) to **25.0**
        (being distracted during an activity or task). Pain onset was most likely between 07:00 and
        noon. The full table of odds ratios per trigger was not in the sources available, so the
        kit cannot show it. News reports (S) give the share of people exposed to an awkward
        posture: **27.4**% in the case window vs **7.0**% and **5.4**% in the two control windows.
    """)
    nb.exercise(
        "02.crude-exposure-odds",
        "Odds of exposure in case and control windows",
        """
        Treat the case window and the 24-hour control window as two groups and compute the odds
        ratio of exposure to an awkward posture (27.4% vs 7.0%), case window on top. Give a
        number such as 2.5.
        """,
        "crude_or",
        """
        case_p = figure(triggers, "steffens15_exp_awkward_case") / 100
        control_p = figure(triggers, "steffens15_exp_awkward_ctrl24") / 100
        crude_or = (case_p / (1 - case_p)) / (control_p / (1 - control_p))
        print(f"Crude odds ratio of exposure: {crude_or:.2f}")
        check("02.crude-exposure-odds", crude_or)
        """,
    )
    nb.md("""
        News reports (S) describe the risk with an awkward posture as *about eightfold*, not the
        crude ratio you just computed. The crude ratio treats the two windows as if they came from
        different people. A case-crossover analysis uses the pairing: only people whose exposure
        *differed* between their case and control windows carry information. Without the paired
        counts we cannot reproduce the published estimate — Part II shows how it is done.
    """)
    nb.exercise(
        "02.age-modification",
        "Heavy loads at different ages",
        """
        Steffens et al. report that age modified the effect of lifting heavy loads. Before you run
        the next cell, predict: the odds ratio for heavy loads is

        - (a) larger in younger people;
        - (b) larger in older people;
        - (c) the same at every age.

        Answer with a letter.
        """,
        "age_answer",
        """
        young, old = figure(triggers, "steffens15_or_heavy_age20"), figure(triggers, "steffens15_or_heavy_age60")
        age_answer = "a" if young > old else ("b" if young < old else "c")
        check("02.age-modification", age_answer)
        """,
        predict=True,
    )
    nb.code("""
        heavy = select(triggers, ["steffens15_or_heavy_age20", "steffens15_or_heavy_age40", "steffens15_or_heavy_age60"])
        fig, ax = plt.subplots(figsize=(5, 3))
        ax.plot([20, 40, 60], heavy["value"], marker="o", color="#c44e52")
        ax.axhline(1, color="black", linestyle="--", linewidth=1)
        ax.set_yscale("log")
        ax.set_xlabel("Age (years)")
        ax.set_ylabel("Odds ratio (log scale)")
        ax.set_title("Heavy loads as a trigger of LBP onset, by age\\nSource: Steffens et al. 2015", fontsize=10)
        plt.show()
    """)
    nb.md("""
        ### Suri et al. 2018: what triggers a flare during an episode?

        Suri and colleagues followed **48** people with acute LBP with online surveys every 3 to 7
        days for six weeks. The **30** people who reported both flare and non-flare periods gave **81**
        flare periods and **247** control periods; exposures were asked for the past 24 hours. The
        only physical activity linked to flares was prolonged sitting for more than 6 hours
        (odds ratio **4.4**, 95% CI **2.0–9.7**); stress or depression was also linked (**2.5**,
        **1.0–6.0**). Heavy lifting, running, sport and prolonged standing were not.
    """)
    nb.code("""
        suri = select(triggers, ["suri18_or_sitting_uni", "suri18_or_sitting_multi", "suri18_or_stress_uni",
                                 "suri18_or_stress_multi", "suri18_or_pt_multi"],
                      columns=("group", "value", "lower", "upper", "note"))
        suri["model"] = suri["note"].str.split(";").str[0]
        suri["label"] = suri["group"] + " (" + suri["model"] + ")"
        forest_plot(suri, estimate="value", lower="lower", upper="upper", label="label", group="model",
                    xlabel="Odds ratio of a flare (log scale)",
                    title="Flare triggers during acute LBP\\nSource: Suri et al. 2018, Spine")
        plt.show()
    """)
    nb.md(f"""
        Thirty people is a small study — hence the wide intervals — and the authors called it a
        feasibility study. Its successor, FLAReS (Suri et al. 2025; 416 Veterans followed for a year),
        is the subject of Part III: as reported (S), each extra hour of lifting, bending, twisting,
        pushing/pulling or squatting in the past 24 hours went with slightly higher odds of a flare,
        while each extra hour with any sitting went with *lower* odds. That looks like the opposite
        of the 2018 sitting result, but the two studies did not measure the same exposure in the
        same people: Suri 2018 asked whether a person had sat for more than 6 hours (yes or no) and
        studied people with acute LBP over six weeks; FLAReS counts the hours of the past 24 in
        which a person sat at all (odds ratio per additional hour), in Veterans recently seen in VA
        primary care for LBP, mostly men, over a year. The reported odds ratios (from the Part III
        data file, secondary sources):
    """)
    nb.code("""
        flares_or = load("flares_published_or")
        reported = flares_or[flares_or["reported"]]
        forest_plot(reported, estimate="odds_ratio", lower="ci_lower", upper="ci_upper", label="activity_label",
                    xlabel="Odds ratio of a flare per additional hour in the past 24 h", log=False,
                    title="FLAReS: activities and flares (as reported, S)\\nSource: news reports of Suri et al. 2025")
        plt.show()
    """)
    nb.md(f"""
        Per hour, these odds ratios look small next to those of Steffens 2015 — but they are per
        *hour* of activity, not for "exposed vs not", so the two cannot be compared directly
        (Part III rescales them).

        ## 5. Prevention and treatment: what helps in the long run?

        The trials below test *prescribed* exercise programmes — chosen, dosed and often supervised
        — not the lifting, bending and twisting of work and daily life that the trigger studies
        measure. Their evidence points the other way from the trigger studies:
    """)
    nb.code("""
        ids = ["steffens16_rr_exedu_episode", "steffens16_rr_ex_episode", "steffens16_rr_exedu_sickleave",
               "steffens16_rr_ex_sickleave", "cochrane_recur_rate_ratio"]
        prev = select(prevention, ids, columns=("measure", "value", "lower", "upper", "source_type"))
        prev["label"] = prev["measure"].str.replace(" vs control", "").str.replace(", post-treatment", "\\n")
        forest_plot(prev, estimate="value", lower="lower", upper="upper", label="label",
                    xlabel="Risk ratio or rate ratio (log scale; < 1 favours exercise)",
                    title="Exercise to prevent LBP episodes, sick leave and recurrence\\n"
                          "Sources: Steffens et al. 2016 (S); Cochrane CD006555")
        plt.show()
    """)
    nb.md(f"""
        Steffens et al. 2016 pooled 21 trials (**30850** participants; secondary-source summary):
        exercise combined with education lowered the risk of a new LBP episode (risk ratio **0.55**,
        95% CI **0.41–0.74**, moderate-quality evidence); exercise alone **0.65** (**0.50–0.86**).
        Education alone, back belts and shoe insoles showed no effect, and the effects faded after a
        year. In people with chronic LBP, the Cochrane review by Hayden et al. 2021 (**249** trials)
        found exercise improved pain by **15** points on a 0–100 scale (**12–18**) and function by
        **7** points (**5–8**) compared with no treatment, usual care or placebo; the review's
        thresholds for an important difference were **15** and **10** points. So the pain effect sits
        right at the threshold, and the function effect below it.
    """)
    nb.exercise(
        "02.relative-reduction",
        "From a risk ratio to a reduction",
        """
        By what **percentage** did exercise combined with education reduce the risk of a new LBP
        episode, according to the pooled risk ratio of Steffens et al. 2016?
        """,
        "reduction",
        """
        reduction = (1 - figure(prevention, "steffens16_rr_exedu_episode")) * 100
        check("02.relative-reduction", reduction)
        """,
    )
    nb.md("""
        ## 6. The puzzle that motivates Parts II and III

        Put the two halves of this notebook together:

        - **Short term:** physical activities — heavy loads, awkward postures, in FLAReS each extra
          hour of lifting or bending — go with a higher risk of back pain starting or flaring in the
          hours that follow.
        - **Long term, prescribed exercise:** exercise programmes prevent episodes and recurrences
          and improve chronic pain a little (section 5).
        - **Long term, everyday activities:** in FLAReS the amount of these activities in the first
          8 weeks was *not associated* with functional limitation a year later — neither better nor
          worse outcomes, which is not the same as a benefit.
        - **Long term, occupational load:** heavy lifting and carrying at work over years is a risk
          factor for chronic LBP (Jahn et al. 2023, odds ratio **1.7**, section 4).

        So the puzzle is: activity may raise the short-term risk of a flare, yet exercise helps in
        the long run and FLAReS found no long-term association of everyday activities with
        functional limitation. These findings need not contradict each other: they concern
        different exposures (a prescribed programme, an hour of everyday activity, years of heavy
        work) and different time scales.

        Cardiology met a similar pattern: heavy exertion briefly raises the risk of a myocardial
        infarction in the hour after it (Mittleman et al. 1993: relative risk **5.9**), and that
        short-term risk is far higher in people who rarely exert themselves (**107** with heavy
        exertion less than once a week) than in those who do so 3–4 times a week (**8.6**). The
        table below shows these case-crossover estimates; a news report of FLAReS (S) draws the same
        comparison.
    """)
    nb.code("""
        mi = load("exertion_mi_triggers")
        mittleman = mi[mi["study"] == "Mittleman 1993"][["exposure", "subgroup", "hazard_window_h", "estimate", "ci_lower", "ci_upper"]]
        display(mittleman.set_index("subgroup"))
        print("Source:", mi.loc[mi["study"] == "Mittleman 1993", "source_title"].iloc[0], f"(file {mi.attrs['path']})")
    """)
    nb.md("""
        The questions "does activity trigger a flare in the next few hours?" and "is an active life good for my back?"
        need **different designs**. A case-crossover study answers the first by comparing each
        person with themselves at other times; cohorts and trials answer the second by comparing
        people, or groups allocated to different programmes. Part II (notebooks 03–05) builds the
        case-crossover design from the ground up; Part III (06–08) reads and re-analyses FLAReS.
    """)
    nb.key_points([
        "LBP follows trajectories (persistent mild, fluctuating, recovering, severe) more than a simple acute → chronic path; "
        "published shares can disagree with the original counts (Dunn: 31% vs 35.7%) — say so.",
        "One-year recurrence ranges from about one third to two thirds, mostly because definitions differ (any, activity-limiting, care-seeking).",
        "Flare definitions are person-dependent (worse than usual for this person) or use fixed thresholds; FLAReS uses a person-dependent one.",
        "Transient triggers act over hours and are studied with case-crossover designs; long-term risk factors act over years and need cohorts or trials.",
        "Activity may raise the short-term risk of a flare, yet prescribed exercise helps in the long run and FLAReS found no "
        "long-term association of everyday activities with functional limitation; occupational load over years is a separate "
        "question (a risk factor for chronic LBP).",
    ])
    nb.further_reading([
        "Kongsted A, Kent P, Axén I, Downie AS, Dunn KM. BMC Musculoskelet Disord 2016;17:220 (trajectories of LBP). "
        "https://dx.doi.org/10.1186%2Fs12891-016-1071-2",
        "da Silva T et al. Recurrence of LBP in recently recovered people. J Physiother 2019;65:159–165.",
        "Costa N et al. Consensus definition of a flare-up of LBP. J Pain 2019;20(11):1267–1275.",
        "Steffens D et al. Case-crossover study of triggers of acute LBP. Arthritis Care Res 2015;67(3):403–410.",
        "Suri P, Rainville J, de Schepper E, Martha J, Hartigan C, Hunter DJ. Do physical activities trigger flare-ups during "
        "an acute low back pain episode? A longitudinal case-crossover feasibility study. Spine 2018;43(6):427–433. "
        "https://pubmed.ncbi.nlm.nih.gov/28700451/",
        "Steffens D et al. Prevention of low back pain: a systematic review and meta-analysis. JAMA Intern Med 2016;176(2):199–208.",
        "Hayden JA et al. Exercise therapy for chronic low back pain. Cochrane Database Syst Rev 2021, CD009790.",
        "Suri P et al. (FLAReS). JAMA Netw Open 2025;8:e2547915 — see Part III.",
    ])
    return nb
