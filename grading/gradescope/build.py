"""Gradescope's autograder zip: ``make gradescope-autograder`` → var/gradescope/autograder.zip.

Gradescope wants ``setup.sh`` and ``run_autograder`` at the top of the zip; the rest of
the repository (tracked files, so solutions/ and the hidden checks) goes under source/,
which Gradescope unpacks to /autograder/source.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent


def build(out: Path) -> Path:
    tracked = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("setup.sh", "run_autograder"):
            info = zipfile.ZipInfo(name)
            info.external_attr = 0o755 << 16  # executable once unpacked
            archive.writestr(info, (HERE / name).read_bytes())
        for name in filter(None, tracked):
            if (ROOT / name).is_file() and not name.startswith("notebooks/"):
                archive.write(ROOT / name, f"source/{name}")
    return out


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var/gradescope/autograder.zip"))
