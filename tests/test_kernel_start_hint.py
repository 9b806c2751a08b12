"""A kernel restarted mid-notebook explains the NameError of an answer cell run alone (issue 22, point 3).

``tools/install_kernel_hints.py`` (run by ``make`` and Binder's ``postBuild``) lists
``tools/kernel_start_hint.py`` as a start-up file of every kernel of the environment. It must explain
the error without importing ``lbpkit``: a preloaded package would pin the installed copy, and a
student edition or a pulled course copy would run the wrong kit.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output
from jupyter_client import KernelManager

from lbpkit.exercises.friendly_errors import name_error_hint

TOOLS = Path(__file__).resolve().parent.parent / "tools"


def _installer():
    spec = importlib.util.spec_from_file_location("install_kernel_hints", TOOLS / "install_kernel_hints.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_installing_twice_adds_one_line_and_keeps_the_file(tmp_path):
    tool = _installer()
    config = tool.kernel_config_path(tmp_path)
    config.parent.mkdir(parents=True)
    config.write_text("c.InteractiveShell.colors = 'nocolor'")  # someone's own setting, no newline
    tool.install(tmp_path)
    tool.install(tmp_path)
    lines = config.read_text().splitlines()
    assert lines[0] == "c.InteractiveShell.colors = 'nocolor'"
    assert sum(tool.MARKER in line for line in lines) == 1
    assert (config.parent / tool.INSTALLED_NAME).read_text() == (TOOLS / "kernel_start_hint.py").read_text()


def test_the_start_up_file_never_imports_the_kit():
    tree = ast.parse((TOOLS / "kernel_start_hint.py").read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}
    assert "lbpkit" not in imported


def _run_in_a_fresh_kernel(*cells: str) -> str:
    manager = KernelManager(kernel_name="python3")
    manager.start_kernel()
    client = manager.client()
    client.start_channels()
    shown: list[str] = []

    def keep(message):
        content = message["content"]
        shown.append(str(content.get("data", {}).get("text/markdown", "")) + str(content.get("traceback", ""))
                     + str(content.get("text", "")))

    try:
        client.wait_for_ready(timeout=120)
        for cell in cells:
            client.execute_interactive(cell, output_hook=keep, timeout=120)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return "\n".join(shown)


@pytest.fixture(scope="module")
def installed():
    tool = _installer()
    config = tool.kernel_config_path()
    assert config.exists() and tool.MARKER in config.read_text(), (
        f"{config} does not run the start-up hint: `make test` installs it (tools/install_kernel_hints.py)")
    return tool


def test_a_restarted_kernel_explains_a_missing_check_without_loading_the_kit(installed):
    text = _run_in_a_fresh_kernel(
        'mean_answer = 4.2\ncheck("00.mean-pain", mean_answer)',
        'import sys\nprint("kit loaded:", "lbpkit" in sys.modules)\n'
        'print("helper left behind:", any("kernel_start_hint" in name for name in globals()))',
    )
    assert "NameError" in text  # the traceback is kept
    assert "What this means" in text and "Run All Above Selected Cell" in text
    assert "kit loaded: False" in text and "helper left behind: False" in text


def test_a_restarted_kernel_explains_a_missing_table(installed):
    text = _run_in_a_fresh_kernel("published.head()")
    assert "Python does not know `published`" in text and "Run All Above Selected Cell" in text


def test_a_restarted_kernel_names_the_quotes_of_an_unquoted_letter(installed):
    """Round-10 trial of 02: `age_answer = b` run alone after a restart was only told to run the cells above."""
    text = _run_in_a_fresh_kernel('age_answer = b\ncheck("02.age-modification", age_answer)')
    assert "Run All Above Selected Cell" in text and 'put it in quotes too: `"b"`' in text
    longer = _run_in_a_fresh_kernel("published.head()")
    assert "quotes" not in longer


def test_the_kernel_start_line_for_check_is_the_kits_own(monkeypatch):
    """Before and after the notebook imports the kit, a missing ``check`` is explained in the same words."""
    import IPython

    shell = InteractiveShell.instance()
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    exec((TOOLS / "kernel_start_hint.py").read_text(), {})
    cell = 'check("00.mean-pain", 4.2)'
    earlier = shell.user_ns.pop("check", None)  # a kernel that has just restarted: other tests may have imported it
    try:
        with capture_output() as captured:
            shell.run_cell(cell)
    finally:
        shell.set_custom_exc((), None)
        if earlier is not None:
            shell.user_ns["check"] = earlier
    shown = [output.data.get("text/markdown", "") for output in captured.outputs]
    assert shown == ["**What this means:** " + name_error_hint("check", cell)]


def test_a_restarted_kernel_explains_a_result_cell_run_alone(installed):
    """Round-8 trial of 03: a result cell run alone after a restart met a bare "Cell magic ... not found"."""
    text = _run_in_a_fresh_kernel('%%after_answering 03.pair-or\nprint("result")',
                                  '%%timeit -n1 -r1\npass', '%%no_such_magic\npass')
    assert "Cell magic `%%after_answering` not found" in text  # IPython's own line is kept
    assert text.count("What this means") == 1, "only the kit's own magic is explained"
    assert "`%%after_answering` comes from the kit" in text and "Run All Above Selected Cell" in text
    assert "Cell magic `%%no_such_magic` not found" in text
