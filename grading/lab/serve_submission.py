"""Run inside the student's process: build their app by the assignment's contract, serve it.

    python serve_submission.py <submission dir> <database file>

The contract: ``app.py`` defines ``create_app(test_config=None)`` and honours
``test_config["DATABASE"]``. The first line on stdout is ``PORT <n>`` once the server
listens (port 0: the system picks a free one), so the grader never guesses a port.
"""

import importlib
import sys

from werkzeug.serving import make_server


def main(folder: str, database: str) -> None:
    sys.path[0] = folder  # the student's modules, not this folder's
    module = importlib.import_module("app")
    factory = getattr(module, "create_app", None)
    if factory is not None:
        app = factory({"DATABASE": database})
    else:  # not the contract; served anyway so the app scores what it does
        print("app.py has no create_app(); serving its module-level app", file=sys.stderr)
        app = module.app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"PORT {server.port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
