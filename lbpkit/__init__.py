"""lbpkit: the helper package of the LBP case-crossover teaching kit.

The public API is re-exported here; each idea lives in its own module:

- ``lbpkit.data``: the data catalogue and a schema-checked loader
- ``lbpkit.windows``: hazard and referent windows under each referent scheme
- ``lbpkit.simulate``: truth-known generators and the FLAReS synthetic twin
- ``lbpkit.estimate``: pair odds ratio, Mantel–Haenszel, conditional logistic regression
- ``lbpkit.published``: working with published summary results
- ``lbpkit.plots``: forest plots, window timelines, sampling distributions
- ``lbpkit.widgets``: ipywidgets explorers around plain, tested functions
- ``lbpkit.exercises``: ``check(exercise_id, answer)``
"""

__version__ = "0.1.0"

from lbpkit.data import catalog, load
from lbpkit.exercises import check

__all__ = ["__version__", "catalog", "load", "check"]
