"""Grade one submission of the Flask lab's assignment: every rubric line, in order.

The app is started once and restarted only when a line needs it (a restart, or the app
died during the line before). A line that fails scores 0 and says why; nothing the app
does (not starting, hanging, crashing) stops the other lines from being graded.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from grading.api import CheckFailed
from grading.lab import checks_errors, checks_files, checks_http  # noqa: F401  (they register)
from grading.lab.client import Api
from grading.lab.process import AppDidNotStart, AppProcess, copy_submission
from grading.lab.rubric import RUBRIC
from grading.report import Result

ASSIGNMENT = "flask_lab"


class RunningApp:
    """The checks' handle on the app: ``api()`` starts it if needed, ``restart()`` restarts."""

    def __init__(self, process: AppProcess):
        self.process = process
        self.current: Api | None = None
        self.failed: AppDidNotStart | None = None  # an app that cannot start is tried once

    def api(self) -> Api:
        if self.failed is not None:
            raise self.failed
        if self.current is None or not self.process.alive():
            self.process.stop()
            try:
                self.current = Api(self.process.start())
            except AppDidNotStart as failure:
                self.failed = failure
                raise
        return self.current

    def restart(self) -> Api:
        self.process.stop()
        self.current = None
        return self.api()


def grade(submission: Path, start_timeout: float = 60.0) -> list[Result]:
    results = []
    with tempfile.TemporaryDirectory(prefix="grade-lab-") as tmp:
        workdir = Path(tmp)
        folder = copy_submission(submission, workdir)
        app = RunningApp(AppProcess(folder, workdir, start_timeout))
        try:
            for line in sorted(RUBRIC, key=lambda rubric_line: rubric_line.number):
                points, message = run_line(line, app, folder, workdir, 2 * start_timeout)
                title = f"{line.number}. {line.title}"
                results.append(
                    Result(submission.name, ASSIGNMENT, title, points, line.points, message)
                )
        finally:
            app.process.stop()
    return results


def run_line(
    line, app: RunningApp, folder: Path, workdir: Path, time_limit: float
) -> tuple[float, str]:
    try:
        if line.needs_app:
            line.check(app.api(), app)
        else:
            line.check(folder, workdir, time_limit)  # e.g. collecting the student's tests
    except AppDidNotStart as failure:
        return 0.0, str(failure)
    except CheckFailed as failure:
        message = str(failure)
        if line.needs_app and not app.process.alive():
            message += f" (the app stopped: {app.process.stderr_tail()})"
        return 0.0, message
    except Exception as error:  # an answer no check foresaw (a list where a dict was due)
        return 0.0, f"unexpected answer: {type(error).__name__}: {error}"
    return line.points, "passed"
