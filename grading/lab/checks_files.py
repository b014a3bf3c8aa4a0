"""Rubric lines 11-12, read from the submission's files: its Dockerfile, its own tests."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from grading.api import expect
from grading.lab.process import bare_environment
from grading.lab.rubric import line


@line(
    11, "A Dockerfile as in step 8: pinned slim base, lock file, non-root, 8080, gunicorn", 5, False
)
def dockerfile(folder: Path, workdir: Path, time_limit: float) -> None:
    path = folder / "Dockerfile"
    expect(path.is_file(), "no Dockerfile next to app.py")
    text = path.read_text(errors="replace")
    base = re.findall(r"^FROM\s+(\S+)", text, re.M)
    expect(
        base and re.search(r":\d+\.\d+[\w.-]*slim", base[-1]),
        f"base {base[-1:]} is not a pinned slim image",
    )
    expect(
        re.search(r"uv\.lock|requirements[\w.-]*\.txt", text),
        "no lock file is copied into the image",
    )
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    expect(users and users[-1] not in ("root", "0"), "the image must run as a non-root USER")
    expect(re.search(r"^EXPOSE\s+8080\b", text, re.M), "the image must EXPOSE 8080")
    expect(re.search(r"^(CMD|ENTRYPOINT).*gunicorn", text, re.M), "the image must run gunicorn")


@line(12, "Tests of your own: pytest collects at least 3 of them", 5, False)
def own_tests(folder: Path, workdir: Path, time_limit: float) -> None:
    try:
        run = subprocess.run(
            [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
            cwd=folder,
            # core pytest only: the grader's environment holds many plugins, each slow to load
            env={**bare_environment(workdir), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
            capture_output=True,
            text=True,
            timeout=time_limit,
            start_new_session=True,
        )
    except subprocess.TimeoutExpired:
        expect(False, f"collecting your tests took more than {time_limit:g} s")
    found = re.search(r"(\d+) tests? collected", run.stdout)
    expect(
        run.returncode == 0 and found,
        f"pytest could not collect tests: {run.stdout.strip()[-300:]}",
    )
    expect(int(found.group(1)) >= 3, f"only {found.group(1)} test(s) collected; write at least 3")
