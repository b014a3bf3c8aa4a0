"""Nothing that arrives over the network is ever unpickled.

Unpickling runs whatever code the sender put in the bytes. Two checks: no module under
``services/`` can unpickle (a scan of the syntax tree, not of the text, so comments and
messages that *mention* pickle do not count), and a real pickle posted to every HTTP
service is refused with 415 without being loaded (it would create a file if it were).
"""

import ast
import pickle
from pathlib import Path

import pytest
import requests

from services.common.launch import ROOT, launch

# modules whose loaders run code from the data they read
UNPICKLERS = {"pickle", "_pickle", "cPickle", "dill", "cloudpickle", "joblib", "shelve", "marshal"}
UNPICKLING_CALLS = {"read_pickle", "loads", "load", "Unpickler"}  # on those modules, or pandas


def unpickling_sites(source: str) -> list[str]:
    """Every import of an unpickling module and every call that can unpickle."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.split(".")[0] in UNPICKLERS]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in UNPICKLERS:
            found.append(node.module)
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            owner = getattr(func.value, "id", "") if isinstance(func, ast.Attribute) else ""
            if name == "read_pickle" or (name in UNPICKLING_CALLS and owner in UNPICKLERS):
                found.append(f"{owner}.{name}()")
            # numpy.load(..., allow_pickle=True) unpickles object arrays
            for keyword in node.keywords:
                if keyword.arg == "allow_pickle" and getattr(keyword.value, "value", False):
                    found.append(f"{name}(allow_pickle=True)")
    return found


def test_the_scan_finds_what_it_looks_for():
    source = """
import pickle
from joblib import load
import numpy as np
pickle.loads(data)
pd.read_pickle(path)
np.load(path, allow_pickle=True)
"""
    assert unpickling_sites(source) == [
        "pickle",
        "joblib",
        "pickle.loads()",
        "pd.read_pickle()",
        "load(allow_pickle=True)",
    ]


def test_no_service_module_can_unpickle():
    sites = {
        str(path.relative_to(ROOT)): unpickling_sites(path.read_text())
        for path in sorted((ROOT / "services").rglob("*.py"))
    }
    assert sum(1 for _ in sites) > 50  # the scan saw the code
    assert {path: found for path, found in sites.items() if found} == {}


class WritesAFile:
    """Unpickling this creates ``path``: proof that the bytes were loaded."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


ENDPOINTS = [
    ("flask_rest", "/batch-predictions?model_id=iris", {}),
    ("flask_rest", "/predictions", {}),
    ("fastapi_rest", "/batch-predictions?model_id=iris", {}),
    ("fastapi_rest", "/predictions", {}),
    ("sse_service", "/generate", {}),
    ("gateway", "/v1/chat/completions", {"Authorization": "Bearer sk-apilab-demo"}),
]


@pytest.fixture(params=["flask_rest", "fastapi_rest", "sse_service", "gateway"])
def http_service(request):
    if request.param in ("flask_rest", "fastapi_rest"):  # the session's, from conftest.py
        yield request.getfixturevalue(request.param)
        return
    with launch(request.param) as service:
        yield service


def test_a_pickle_body_is_refused_with_415_and_never_loaded(http_service, tmp_path):
    marker = tmp_path / "unpickled"
    body = pickle.dumps(WritesAFile(marker))
    for _, path, headers in (e for e in ENDPOINTS if e[0] == http_service.name):
        for content_type in ("application/python-pickle", "application/octet-stream"):
            response = requests.post(
                http_service.url + path,
                data=body,
                headers={"Content-Type": content_type, **headers},
                timeout=10,
            )
            assert response.status_code == 415, (path, content_type, response.text)
    assert not marker.exists()
