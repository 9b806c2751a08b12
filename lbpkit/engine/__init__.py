"""The machinery behind the estimators: what ``conditional_logit`` and ``conditional_poisson`` run.

For readers who want to see how an estimate is computed (and for maintainers). A learner calls
:mod:`lbpkit.estimate`, :mod:`lbpkit.poisson` and :mod:`lbpkit.daily`; those call into here.
Nothing in this folder imports anything outside it (it is the bottom of the package).

- :mod:`~lbpkit.engine.checks`: the column checks shared by every estimator (names, missing
  values, outcome 0/1, counts, exposures)
- :mod:`~lbpkit.engine.design_checks`: the checks that need the strata (weights, clusters and
  :class:`FewClustersWarning`, variation, collinearity, exposure scale, perfect separation)
- :mod:`~lbpkit.engine.separation`: does a finite estimate exist? the exact test (a linear
  program), so that a refusal names its real cause
- :mod:`~lbpkit.engine.clogit`: the exact conditional log-likelihood and its Newton solver
- :mod:`~lbpkit.engine.esp`: the elementary-symmetric-polynomial kernels the likelihood sums with
- :mod:`~lbpkit.engine.fit_arrays`: the array entry point (:func:`fit_conditional_logit_arrays`)
- :mod:`~lbpkit.engine.robust`: the one sandwich (cluster-robust) variance of both engines
- :mod:`~lbpkit.engine.statsmodels_route`: the same model through statsmodels' ``ConditionalLogit``
- :mod:`~lbpkit.engine.cpoisson`: conditional Poisson regression on daily counts
- :mod:`~lbpkit.engine.pairs`: discordant pairs, the pair odds ratio and Mantel–Haenszel
- :mod:`~lbpkit.engine.batched`: one Newton solver for many simulated studies at once (widgets, labs)
- :mod:`~lbpkit.engine.intervals`: interval arithmetic on hours for the window helpers
"""
