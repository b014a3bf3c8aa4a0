"""Load a lab step's (or the solution's) app in this process, for Flask's test client."""

import importlib.util
import sys
from pathlib import Path

from services.common.launch import ROOT

LAB = ROOT / "labs" / "flask"
SOLUTION = ROOT / "solutions" / "flask_lab"


def load_module(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # Flask finds templates/ through the module's file
    spec.loader.exec_module(module)
    return module


def load(step: str):
    """A step's module (its `app`, or its `create_app`)."""
    return load_module(LAB / step / "app.py", f"lab_{step}")


def solution_app(database: Path):
    """The solution imports its sibling modules (db, model, predictions) by name."""
    sys.path.insert(0, str(SOLUTION))
    try:
        for name in ("app", "db", "model", "predictions"):
            sys.modules.pop(name, None)
        module = importlib.import_module("app")
        return module.create_app({"TESTING": True, "DATABASE": str(database)})
    finally:
        sys.path.remove(str(SOLUTION))
