"""Print environment.yml, the conda twin of uv.lock: the same packages at the same versions.

Run by ``make environment``; tests/test_environment.py fails when the file is stale.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def direct_requirements() -> list[Requirement]:
    """The packages pyproject.toml asks for, runtime and dev, sorted by name."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    specs = project["project"]["dependencies"] + [
        spec for group in project["dependency-groups"].values() for spec in group
    ]
    return sorted((Requirement(spec) for spec in specs), key=lambda r: r.name.lower())


def locked_versions() -> dict[str, str]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {package["name"]: package["version"] for package in lock["package"]}


def render() -> str:
    versions = locked_versions()
    python = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    lines = [
        "# Generated from uv.lock by `make environment`; do not edit by hand.",
        "# conda env create -f environment.yml && conda activate api-lab",
        "name: api-lab",
        "channels:",
        "  - conda-forge",
        "dependencies:",
        f"  - python{python.split(',')[0].replace('>=', '=')}",
        "  - pip",
        "  - pip:",
    ]
    for requirement in direct_requirements():
        name = requirement.name.lower().replace("_", "-")
        extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
        lines.append(f"      - {name}{extras}=={versions[name]}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
