"""The lab installs alone: labs/flask/requirements.txt is fresh and covers every step's imports."""

import ast
import subprocess
import sys

from services.common.launch import ROOT

LAB = ROOT / "labs" / "flask"
# what requirements.txt brings, by import name (train.py alone needs scikit-learn: optional)
PROVIDED = {"flask", "werkzeug", "click", "jinja2", "markupsafe", "requests", "pytest"}


def imported(path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    names |= {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module and not node.level
    }
    return {name.split(".")[0] for name in names}


def test_every_step_imports_only_the_standard_library_and_the_lab_requirements():
    files = [p for p in LAB.glob("step*/*.py") if p.name != "train.py"]
    assert len(files) >= 12  # 10 apps, step 13's conftest and its tests
    local = {p.stem for p in files}  # step 13's tests import step 12's app
    for path in files:
        extra = imported(path) - PROVIDED - set(sys.stdlib_module_names) - local
        assert not extra, f"{path.relative_to(ROOT)} needs {extra}, which requirements.txt lacks"


def test_requirements_txt_is_what_make_lab_lock_writes(tmp_path):
    fresh = tmp_path / "requirements.txt"
    uv = ROOT / ".tools" / "bin" / "uv"
    subprocess.run(
        [
            str(uv) if uv.exists() else "uv",
            "pip",
            "compile",
            "--universal",
            "--python-version",
            "3.11",
            "--no-header",
            "--quiet",
            "labs/flask/requirements.in",
            "-o",
            str(fresh),
        ],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    assert fresh.read_text() == (LAB / "requirements.txt").read_text(), "run make lab-lock"
    pins = [line for line in fresh.read_text().splitlines() if line and not line.startswith(" ")]
    assert all("==" in line for line in pins) and len(pins) <= 25
