"""`make lint` runs hadolint on every Dockerfile of the repository, once, no rule ignored.

hadolint itself runs in `make lint` (which `make test` runs first), not here: this test
checks that the list the Makefile hands it is every Dockerfile there is.
"""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCKERFILES = sorted(
    p.relative_to(ROOT).as_posix()
    for p in ROOT.rglob("Dockerfile*")
    if not {".venv", ".tools"} & set(p.parts) and p.suffix != ".dockerignore" and p.is_file()
)


def make_dry_run(*targets: str) -> list[str]:
    """The commands ``make`` would run for ``targets``, without running them."""
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-s", *targets],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_there_are_dockerfiles_to_lint():
    assert set(DOCKERFILES) >= {"Dockerfile", "labs/flask/step08_docker/Dockerfile"}


def test_lint_runs_hadolint_once_on_every_dockerfile_with_no_rule_ignored():
    runs = [line.split() for line in make_dry_run("lint") if "hadolint" in line]
    assert len(runs) == 1, runs
    (command,) = runs
    assert command[0].endswith(".venv/bin/hadolint")
    assert not any(word.startswith("--ignore") for word in command)
    assert sorted(word.removeprefix("./") for word in command[1:]) == DOCKERFILES


def test_no_hadolint_config_ignores_rules():
    configs = [ROOT / ".hadolint.yaml", ROOT / ".hadolint.yml"]
    assert not any(config.exists() for config in configs)
