"""The machinery behind the estimators: what ``conditional_logit`` and ``conditional_poisson`` run.

For readers who want to see how an estimate is computed (and for maintainers). A learner calls
:mod:`lbpkit.estimate`, :mod:`lbpkit.poisson` and :mod:`lbpkit.daily`; those call into here.
Nothing in this folder imports anything outside it (it is the bottom of the package).

- :mod:`~lbpkit.engine.checks`: the input checks shared by every estimator (columns, outcome,
  exposures, strata, weights, clusters, exposure scale)
- :mod:`~lbpkit.engine.clogit`: the exact conditional log-likelihood and its Newton solver
- :mod:`~lbpkit.engine.esp`: the elementary-symmetric-polynomial kernels the likelihood sums with
- :mod:`~lbpkit.engine.fit_arrays`: the array entry point (:func:`fit_conditional_logit_arrays`)
- :mod:`~lbpkit.engine.robust`: the sandwich (cluster-robust) variance
- :mod:`~lbpkit.engine.statsmodels_route`: the same model through statsmodels' ``ConditionalLogit``
- :mod:`~lbpkit.engine.cpoisson`: conditional Poisson regression on daily counts
- :mod:`~lbpkit.engine.pairs`: discordant pairs, the pair odds ratio and Mantel–Haenszel
- :mod:`~lbpkit.engine.batched`: one Newton solver for many simulated studies at once (widgets, labs)
- :mod:`~lbpkit.engine.intervals`: interval arithmetic on hours for the window helpers
"""
