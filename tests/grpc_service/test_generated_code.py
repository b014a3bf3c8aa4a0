"""The committed stubs are exactly what `make proto` generates from prediction.proto."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDER = Path("services/contract")
GENERATED = ["prediction_pb2.py", "prediction_pb2_grpc.py", "prediction_pb2.pyi"]


def test_generated_stubs_are_fresh(tmp_path):
    (tmp_path / FOLDER).mkdir(parents=True)
    shutil.copy(ROOT / FOLDER / "prediction.proto", tmp_path / FOLDER)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            "-I",
            ".",
            "--python_out=.",
            "--grpc_python_out=.",
            "--pyi_out=.",
            str(FOLDER / "prediction.proto"),
        ],
        cwd=tmp_path,
        check=True,
    )
    for name in GENERATED:
        fresh = (tmp_path / FOLDER / name).read_text()
        assert (ROOT / FOLDER / name).read_text() == fresh, f"{name} is stale: run `make proto`"
