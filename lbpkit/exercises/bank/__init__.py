"""Exercises, one module per notebook (``nbNN.py``), each with a list ``EXERCISES``.

For instructors who add or edit exercises; learners meet them through :func:`lbpkit.check`.

:mod:`lbpkit.exercises` collects every module found here.
"""
