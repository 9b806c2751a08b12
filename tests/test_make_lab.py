"""`make lab` starts JupyterLab on the chosen port with token authentication left on."""

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_make_lab_dry_run_never_disables_the_token(repo_root):
    plan = subprocess.run(
        ["make", "-n", "lab", "PORT=8899"], cwd=repo_root, capture_output=True, text=True, check=True
    ).stdout
    assert "--port=8899" in plan
    assert "notebooks/00_start_here.ipynb" in plan
    for forbidden in ("token=''", 'token=""', "token= ", "password=''", "disable_check_xsrf"):
        assert forbidden not in plan


def test_make_lab_serves_on_the_port_and_asks_for_the_token(repo_root):
    port = _free_port()
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    server = subprocess.Popen(
        # -o: never (re)install from inside a test run; the environment under test is the one in use
        ["make", "-o", ".venv/.installed-lab", "lab", f"PORT={port}"],
        cwd=repo_root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents", timeout=2)
                status = 200
            except urllib.error.HTTPError as error:
                status = error.code
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if server.poll() is not None:
                    pytest.fail("make lab exited early:\n" + server.stdout.read())
                time.sleep(0.5)
        assert status == 403, f"without the token the server must refuse (got {status})"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
        try:
            output, _ = server.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            output, _ = server.communicate()
    assert "--no-browser" in output, "with no display, JupyterLab must not try to open a browser"
    assert "token=" in output, "the log shows the tokenised URL to open"
    # The repository root is served (README, docs/, data/ in the file browser), and the URL the
    # log shows opens the first notebook.
    assert f"Serving notebooks from local directory: {repo_root}" in output
    assert "/lab/tree/notebooks/00_start_here.ipynb?token=" in output


def test_every_relative_link_in_a_notebook_stays_inside_what_make_lab_serves(repo_root):
    import re

    import nbformat

    link = re.compile(r"\]\(([^)\s#]+)(#[^)\s]*)?\)|href=\"([^\"#]+)")
    checked = 0
    for path in sorted((repo_root / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for match in link.finditer(cell.source):
                target = match.group(1) or match.group(3)
                if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:, …
                    continue
                resolved = (path.parent / target).resolve()
                assert resolved.is_relative_to(repo_root), f"{path.name}: {target} is outside the served root"
                assert resolved.exists(), f"{path.name}: {target} does not exist"
                checked += 1
    assert checked, "no relative links found"
