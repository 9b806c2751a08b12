"""A kernel that starts or restarts prints no traceback, even when a control message comes early.

JupyterLab sends a control-channel request (the debugger's ``debugInfo``) as soon as a kernel
starts or restarts. ipykernel 6.30.1-6.31.x registered the control handler before creating the
lock it takes, so that early request printed ``TraitError: The '_control_lock' trait ... expected
a Lock, not the NoneType None`` in the terminal of `make lab` (ipykernel#1567). pyproject.toml
keeps ipykernel below 6.30; this test shows the installed one starts cleanly (with 6.31.0 the
traceback came in about half of the starts, so five starts almost surely catch it).
"""

import time

import pytest
from jupyter_client import KernelManager


@pytest.mark.parametrize("attempt", range(5))
def test_early_control_message_leaves_no_traceback(tmp_path, attempt):
    stderr_path = tmp_path / "kernel-stderr.txt"
    manager = KernelManager(kernel_name="python3")
    with stderr_path.open("w") as stderr:
        manager.start_kernel(stdout=stderr, stderr=stderr)
        client = manager.client()
        client.start_channels()
        try:
            # Ask on the control channel while the kernel is still starting, as JupyterLab does.
            request = {"command": "debugInfo", "type": "request", "seq": 1, "arguments": {}}
            for _ in range(200):
                client.control_channel.send(client.session.msg("debug_request", request))
                time.sleep(0.005)
            client.wait_for_ready(timeout=60)
            reply = client.execute_interactive("1 + 1", timeout=60)
            assert reply["content"]["status"] == "ok"
        finally:
            client.stop_channels()
            manager.shutdown_kernel(now=True)
    printed = stderr_path.read_text()
    assert "Traceback" not in printed and "_control_lock" not in printed, printed
