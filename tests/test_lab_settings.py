"""`make lab` opens JupyterLab without a pop-up asking to fetch Jupyter news from the internet."""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

import install_lab_settings  # noqa: E402

PLUGIN = install_lab_settings.NOTIFICATION_PLUGIN


def test_the_course_defaults_turn_the_news_question_off(tmp_path):
    path = install_lab_settings.install(tmp_path)
    settings = json.loads(path.read_text())[PLUGIN]
    # "none" is JupyterLab's default, which asks the learner; "false" is Never
    assert settings["fetchNews"] == "false" and settings["checkForUpdates"] is False


def test_installing_twice_keeps_other_settings_and_changes_nothing(tmp_path):
    path = install_lab_settings.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "JupyterLab Dark"},
                                PLUGIN: {"doNotDisturbMode": True}}))
    install_lab_settings.install(tmp_path)
    once = path.read_text()
    install_lab_settings.install(tmp_path)
    assert path.read_text() == once
    settings = json.loads(once)
    assert settings["@jupyterlab/apputils-extension:themes"] == {"theme": "JupyterLab Dark"}
    assert settings[PLUGIN]["doNotDisturbMode"] is True and settings[PLUGIN]["fetchNews"] == "false"


def test_make_lab_and_binder_install_the_course_defaults(repo_root):
    plan = subprocess.run(["make", "-n", "-W", "tools/install_lab_settings.py", "lab", "PORT=8899"],
                          cwd=repo_root, capture_output=True, text=True, check=True).stdout
    assert "tools/install_lab_settings.py" in plan
    assert "python tools/install_lab_settings.py" in (repo_root / "binder" / "postBuild").read_text()
