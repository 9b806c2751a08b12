"""Exercises, one module per notebook (``nbNN.py``), each with a list ``EXERCISES``.

:mod:`lbpkit.exercises` collects every module found here.
"""
