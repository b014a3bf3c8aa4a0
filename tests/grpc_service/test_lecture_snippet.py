"""The lecture's gRPC steps, exactly as on the slides: protoc, then the client snippet.

Only the values differ: the slide's placeholder `features=[1.0, 2.0], model_id="v1"`
becomes a real iris row, and the address is the test server's.
"""

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SNIPPET = """
import grpc
import prediction_pb2
import prediction_pb2_grpc

channel = grpc.insecure_channel("{address}")
stub = prediction_pb2_grpc.PredictionServiceStub(channel)
response = stub.Predict(
    prediction_pb2.PredictionRequest(features=[5.1, 3.5, 1.4, 0.2], model_id="iris")
)
print(response.score, response.label)
"""


def test_slide_commands_run_unchanged(tmp_path, grpc_server):
    shutil.copy(ROOT / "services/contract/prediction.proto", tmp_path)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "grpc_tools.protoc",
            "--python_out=.",
            "--grpc_python_out=.",
            "--proto_path=.",
            "prediction.proto",
        ],
        cwd=tmp_path,
        check=True,
    )
    assert {p.name for p in tmp_path.iterdir()} >= {"prediction_pb2.py", "prediction_pb2_grpc.py"}
    (tmp_path / "client.py").write_text(
        textwrap.dedent(SNIPPET.format(address=grpc_server.address))
    )
    result = subprocess.run(
        [sys.executable, "client.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=30,
        env={"PATH": "/usr/bin:/bin"},  # no PYTHONPATH: only the freshly generated modules
    )
    assert result.returncode == 0, result.stderr
    score, label = result.stdout.split()
    assert label == "setosa" and 0.9 < float(score) <= 1
