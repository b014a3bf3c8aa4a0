"""Every dependency is pinned by uv.lock, with hashes, and the environment is exactly it.

``pyproject.toml`` says what the project needs (ranges); ``uv.lock`` fixes the exact
version and the hash of every file, transitive dependencies included, so an install
cannot pick up a new release, or a tampered one, unnoticed.
"""

import shutil
import subprocess
import tomllib
from importlib import metadata

from packaging.utils import canonicalize_name

from services.common.launch import ROOT

LOCK = tomllib.loads((ROOT / "uv.lock").read_text())
PINNED = {
    canonicalize_name(p["name"]): p for p in LOCK["package"] if "registry" in p.get("source", {})
}


def uv() -> str:
    """uv from PATH, or the copy ``make venv`` installs when there is none."""
    found = shutil.which("uv") or shutil.which("uv", path=str(ROOT / ".tools" / "bin"))
    assert found, "uv not found: run `make venv`, which installs it"
    return found


def test_the_lock_matches_pyproject():
    # --offline: only the packages already in uv's cache, no network needed
    check = subprocess.run(
        [uv(), "lock", "--check", "--offline"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stderr


def test_every_locked_package_has_a_version_and_hashes():
    assert len(PINNED) > 100
    for name, package in PINNED.items():
        files = package.get("wheels", []) + ([package["sdist"]] if "sdist" in package else [])
        assert package["version"] and files, name
        assert all(f["hash"].startswith("sha256:") for f in files), name


def test_the_environment_holds_exactly_the_locked_versions():
    installed = {
        canonicalize_name(d.metadata["Name"]): d.version
        for d in metadata.distributions()
        if d.metadata["Name"]
    }
    installed.pop("api-lab", None)  # the project itself
    unlocked = {name: v for name, v in installed.items() if name not in PINNED}
    other = {
        name: (v, PINNED[name]["version"])
        for name, v in installed.items()
        if name in PINNED and v != PINNED[name]["version"]
    }
    assert unlocked == {}, "installed but not in uv.lock"
    assert other == {}, "installed version differs from uv.lock"
