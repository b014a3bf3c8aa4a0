"""hadolint passes on every Dockerfile in the repository, with no rule ignored."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILES = sorted(
    p
    for p in ROOT.rglob("Dockerfile*")
    if ".venv" not in p.parts and p.suffix != ".dockerignore" and p.is_file()
)


def test_there_are_dockerfiles_to_lint():
    assert {p.relative_to(ROOT).as_posix() for p in DOCKERFILES} >= {
        "Dockerfile",
        "labs/flask/step08_docker/Dockerfile",
    }


@pytest.mark.parametrize("dockerfile", DOCKERFILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_hadolint_is_clean(dockerfile):
    result = subprocess.run(
        [str(ROOT / ".venv/bin/hadolint"), str(dockerfile)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
