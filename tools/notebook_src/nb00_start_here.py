"""Source of notebooks/00_start_here.ipynb."""

from pathlib import Path

from nbauthor import Notebook

SOURCES = Path(__file__).resolve().parent


def _learning_path_rows() -> str:
    """One table row per notebook, read from the other notebooks' own front matter."""
    from build_notebooks import load_builder

    rows = []
    for path in sorted(SOURCES.glob("nb[0-9][0-9]_*.py")):
        if path.stem.startswith("nb00"):
            continue
        notebook = load_builder(path)
        number = int(path.stem[2:4])
        part = "I" if number <= 2 else ("II" if number <= 5 else "III")
        minutes = notebook.minutes["teaching"] + notebook.minutes["exercises"]
        rows.append(
            f"| {part} | [{notebook.filename}]({notebook.filename}) | {notebook.title} | "
            f"{notebook.objectives[0]} | {minutes} min |"
        )
    return "\n".join(rows)


def build() -> Notebook:
    nb = Notebook(
        filename="00_start_here.ipynb",
        title="00 · Start here: how transient triggers of pain are studied",
        objectives=[
            "say what this kit teaches, to whom, and in which order",
            "run a notebook cell by cell and from top to bottom",
            "check that your computer has everything the kit needs",
            "answer an exercise and read the feedback of its check",
            "tell published figures from synthetic data, and cite the kit",
        ],
        prerequisites=[],
        minutes={"teaching": 15, "exercises": 5},
        imports="""
            import lbpkit
            from lbpkit import check
            from lbpkit.setup_check import environment_report
        """,
    )
    nb.md(
        """
        ## What this kit is about

        Low back pain is the leading cause of years lived with disability worldwide, and most people
        who have it know the experience of a **[flare](../docs/glossary.md#flare)**: a spell, lasting hours to weeks, when the pain is
        clearly worse than usual.
        *What set it off?* Lifting a box, a long drive, a bad night? Questions about **transient
        [triggers](../docs/glossary.md#trigger)** of an acute event need a special study design, the
        **[case-crossover design](../docs/glossary.md#case-crossover)**, in which every person serves as their own
        control ([self-matching](../docs/glossary.md#self-matching)).

        The kit walks through three parts:

        1. **Low back pain epidemiology**: how common it is, how it runs its course, what a flare is,
           and what is known about triggers, prevention and treatment.
        2. **Case-crossover logic**: self-matching, [hazard](../docs/glossary.md#hazard-period) and
           [referent windows](../docs/glossary.md#referent-window), [discordant pairs](../docs/glossary.md#discordant-pair),
           [conditional logistic regression](../docs/glossary.md#conditional-logistic-regression) and the biases of the design, all taught with simulations
           whose truth is known and with interactive widgets.
        3. **A re-analysis** of the FLAReS study (Suri et al., *JAMA Netw Open* 2025;8(12):e2547915),
           which found that the odds of a flare rose with each extra hour of lifting, bending,
           twisting, pushing/pulling and squatting, fell with sitting, and that the hours spent in
           these activities were not associated with functional limitations (disability) one year
           later.

        **Who it is for:** students of epidemiology, physiotherapy and medicine, people learning on
        their own, and journal clubs. You need a little Python (running cells, changing a number) and
        basic statistics (proportions, odds, confidence intervals). Everything else is explained.
        """
    )
    nb.md("## The learning path\n\nWork through the notebooks in order; each can also be opened on its own.\n\n"
          "| Part | Notebook | Title | First objective | Time |\n|---|---|---|---|---|\n" + _learning_path_rows())
    nb.md(
        """
        ## How to run a notebook

        - A notebook is a list of **cells**. Text cells (like this one) explain; code cells run Python.
        - Click a code cell and press **Shift + Enter** to run it and move to the next one.
        - **Run ▸ Run All Cells** runs the whole notebook from the top. If things get confusing, use
          **Kernel ▸ Restart Kernel and Run All Cells**: a fresh start that runs everything in order.
        - The number in `[ ]` left of a code cell tells the order in which cells ran. Cells depend on
          the ones above them, so run them from top to bottom.
        - Nothing you do here can break the kit. To get a notebook back as it was shipped, see
          "Resetting a notebook" in the README.

        ## Check your environment

        The next cell lists Python and the packages the kit needs, the version you have and the
        lowest version the kit was tested with. Every row should say `ok`.
        """
    )
    nb.code(
        """
        report = environment_report()
        problems = report[report["status"] != "ok"]
        print(f"lbpkit {lbpkit.__version__}")
        print(report.to_string(index=False))
        if problems.empty:
            print("\\nEverything the kit needs is installed.")
        else:
            print("\\nSomething is missing or too old:", ", ".join(problems["package"]))
            print("Run `make lab` from the kit's folder again, or see Troubleshooting in the README.")
        """,
        tags=["nbval-ignore-output"],
    )
    nb.md(
        """
        The output of that cell depends on your computer, so the kit's own tests do not compare it.

        ## How exercises work

        Each notebook has exercises. An exercise has four parts:

        1. a **prompt** that says what to work out;
        2. an **answer cell** with a placeholder `...`: replace it with your answer and run the cell;
        3. a **check**, `check("NN.name", answer)`, in the same cell, which says *Checks passed* or
           gives a hint aimed at the most likely slip. It never shows the answer itself, and it works
           offline;
        4. a **solution**, in a collapsed cell below a "Solution" marker. Open it deliberately, after
           you have tried.

        "Checks passed" means your answer matches within rounding (three significant digits are
        enough). An exercise that asks you to *predict before you run* wants your guess written down
        before you run the code that follows: the point is to find out what you expected.

        Try it with a made-up pain diary: five days of pain scores on a 0–10 scale.
        """
    )
    nb.code(
        """
        from lbpkit.exercise_bank.nb00 import EXAMPLE_PAIN_SCORES

        EXAMPLE_PAIN_SCORES
        """
    )
    nb.exercise(
        "00.mean-pain",
        "the mean pain score",
        "What is the mean of the five pain scores above? Type a number instead of `...` and run the cell.",
        "mean_pain",
        """
        mean_pain_solution = sum(EXAMPLE_PAIN_SCORES) / len(EXAMPLE_PAIN_SCORES)
        check("00.mean-pain", mean_pain_solution)
        """,
    )
    nb.md(
        """
        A wrong answer gets a hint instead. Here is what a learner who added the scores but forgot to
        divide would see:
        """
    )
    nb.code('check("00.mean-pain", 25)')
    nb.md(
        """
        ## Where the data come from

        The kit ships two kinds of data, and keeps them apart everywhere:

        - **Published figures** (`data/published/`): numbers transcribed from papers, reports and
          official statistics, each row with its source and a link. The kit uses no number it could
          not trace to a source; where a figure is unknown, the kit says so.
        - **Synthetic data** (`data/synthetic/`, and simulations run in the notebooks): made by
          `lbpkit` from documented assumptions. The individual data of the FLAReS study are not
          public, so Part III works on a *[synthetic twin](../docs/glossary.md#synthetic-twin)* that mimics the study's design. Synthetic
          data are labelled "synthetic" in file names, tables and plot titles. They illustrate
          methods; they are not evidence about real patients.

        The catalogue lists every data set the kit ships:
        """
    )
    nb.code(
        """
        catalog = lbpkit.catalog()
        catalog[["title", "synthetic"]]
        """
    )
    nb.md(
        """
        Load any of them with `lbpkit.load(name)`; the source travels with the table in `.attrs`.

        ## How to cite the kit

        If you use the kit in teaching or a publication, cite it as given in `CITATION.cff` at the
        top of the repository (GitHub shows a "Cite this repository" button for it), and cite the
        original sources of any published figure you quote: each data set lists them. The code is
        under the MIT licence; the notebooks and text are under CC BY 4.0.
        """
    )
    nb.key_points(
        [
            "The kit has three parts: LBP epidemiology (01–02), case-crossover methods (03–05) and a FLAReS re-analysis (06–08).",
            "Run notebooks from top to bottom; restart the kernel and run all when in doubt.",
            "`check(...)` gives immediate feedback and never reveals the answer; solutions sit collapsed below each exercise.",
            "Published figures carry their sources; synthetic data are labelled synthetic and illustrate methods only.",
        ]
    )
    nb.further_reading(
        [
            "Maclure M. The case-crossover design: a method for studying transient effects on the risk of acute events. *Am J Epidemiol* 1991;133(2):144–153.",
            "Suri P, et al. [the FLAReS study: physical activities and low back pain flares]. *JAMA Netw Open* 2025;8(12):e2547915. (The exact title is not in the kit's sources.)",
            "GBD 2021 Low Back Pain Collaborators (Ferreira ML, et al.). Global, regional, and national burden of low back pain, 1990–2020, its attributable risk factors, and projections to 2050. *Lancet Rheumatol* 2023;5(6):e316–e329.",
            "The Carpentries. *Curriculum Development Handbook*, \"Designing challenges\": https://carpentries.github.io/curriculum-development/designing-challenges.html",
        ]
    )
    return nb
