"""Explain a NameError in a kernel that has not loaded the kit yet (run at every kernel start).

``tools/install_kernel_hints.py`` copies this file into the environment and lists it in the
environment's ``ipython_kernel_config.py`` (``exec_files``), so IPython runs it in every new or
restarted kernel. A learner who restarts the kernel and runs an answer cell alone then reads what
the bare ``NameError: name 'check' is not defined`` means; one who runs a solution or a result cell
alone (``%%solution``, ``%%after_answering``: magics the kit registers) reads what the bare
``UsageError: Cell magic `%%after_answering` not found.`` means.

This file must not import ``lbpkit``: importing the package at kernel start would pin the installed
copy, and a student edition or a pulled course copy would then run the wrong ``lbpkit``. Once a
notebook imports the kit, ``lbpkit.exercises.friendly_errors`` replaces this handler with its own,
fuller one (the texts for ``check`` agree; a test checks it).
"""


def _lbpkit_kernel_start_hint() -> None:
    import re

    from IPython import get_ipython
    from IPython.core.error import UsageError
    from IPython.display import Markdown, display

    shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return
    undefined_name = re.compile(r"name '([^']+)' is not defined")
    # the cell magics lbpkit registers when the notebook's first code cell imports it
    kit_magic = re.compile(r"Cell magic `%%(solution|after_answering)` not found")

    def explain(ip, etype, value, tb, tb_offset=None):
        ip.showtraceback((etype, value, tb), tb_offset=tb_offset)
        if issubclass(etype, UsageError):
            magic = kit_magic.search(str(value))
            if magic is not None:
                display(Markdown(
                    f"**What this means:** `%%{magic.group(1)}` comes from the kit (`lbpkit`), which the notebook's "
                    "first code cell loads. A kernel that has just started or restarted has forgotten it: run the "
                    "cells above this one first (Run menu, Run All Above Selected Cell), then this cell again."))
            return
        match = undefined_name.search(str(value))
        if match is None:
            return
        name = match.group(1)
        if name in ("check", "lbpkit"):
            hint = (f"`{name}` comes from the kit (`lbpkit`), which the notebook's first code cell loads. A kernel "
                    "that has just started or restarted has forgotten it, and every table the cells above made: "
                    "run the cells above this one first (Run menu, Run All Above Selected Cell).")
        else:
            hint = (f"Python does not know `{name}` in this session. A kernel that has just started or restarted "
                    "has forgotten every name the cells above made: run the cells above this one first (Run "
                    "menu, Run All Above Selected Cell).")
            if len(name) == 1 and name.isalpha():  # `age_answer = b` run alone after a restart (round-10 trial of 02)
                hint += f' If `{name}` is your answer (one of the lettered options), put it in quotes too: `"{name}"`.'
        display(Markdown("**What this means:** " + hint))

    shell.set_custom_exc((NameError, UsageError), explain)


_lbpkit_kernel_start_hint()
del _lbpkit_kernel_start_hint
