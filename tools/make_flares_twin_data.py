"""Write the SYNTHETIC FLAReS twin cohort (and its participant table) to CSV.

Regenerates the shipped files byte for byte (tests/test_flares_twin.py checks it):

    .venv/bin/python tools/make_flares_twin_data.py \\
        --write data/synthetic/flares_twin_synthetic_default.csv \\
        --participants data/synthetic/flares_twin_synthetic_participants.csv

The replicated coverage experiment of model-based vs person-clustered SEs (200 synthetic
cohorts, a few minutes) is written by adding
``--coverage data/synthetic/flares_twin_synthetic_clustered_coverage.csv``. The calibration
check over seeds is written by ``tools/calibrate_flares_twin.py --check --report ...``.

Options --seed, --scenario and --n-participants write other cohorts (file names must contain
"synthetic"). See lbpkit.flares.twin for the model and its assumptions.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from lbpkit.flares.twin_files import main  # noqa: E402

if __name__ == "__main__":
    main()
