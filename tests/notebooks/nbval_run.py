"""Run nbval on notebooks in a subprocess and report which code cells failed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


def nbval(paths: list[Path]) -> tuple[int, set[tuple[str, int]], str]:
    """(exit code, {(notebook path from the root, code-cell index)} that failed, output)."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rf",
            "--nbval",
            "--nbval-sanitize-with",
            str(ROOT / "notebooks/sanitize.cfg"),
            *(str(path.relative_to(ROOT)) for path in paths),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    failed = {
        (name, int(cell))
        for name, cell in re.findall(r"^FAILED (\S+\.ipynb)::Cell (\d+)", result.stdout, re.M)
    }
    return result.returncode, failed, result.stdout[-4000:]
