"""environment.yml (conda) and uv.lock (uv) install the same packages at the same versions."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_is_generated_from_the_lock():
    fresh = subprocess.run(
        [sys.executable, "scripts/environment_yml.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert (ROOT / "environment.yml").read_text() == fresh, "run `make environment`"


def test_environment_yml_pins_every_direct_dependency():
    sys.path.insert(0, str(ROOT / "scripts"))
    from environment_yml import direct_requirements, locked_versions

    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    pinned = {line.split("==")[0].split("[")[0]: line.split("==")[1] for line in pip}
    versions = locked_versions()
    assert pinned == {r.name.lower(): versions[r.name.lower()] for r in direct_requirements()}
    assert "python=3.11" in env["dependencies"]
