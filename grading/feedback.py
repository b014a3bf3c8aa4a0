"""What a person reads: a feedback file per submission, and the teaching assistant's summary."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from .report import Result


def write_feedback(path: Path, submission: str, results: list[Result]) -> None:
    """Markdown, one section per notebook, one line per exercise with what to fix."""
    lines = [f"# Feedback for {submission}", ""]
    by_notebook: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_notebook[r.notebook].append(r)
    for notebook, rows in by_notebook.items():
        got, best = sum(r.points for r in rows), sum(r.max_points for r in rows)
        lines += [f"## {notebook}: {got:g}/{best:g}", ""]
        lines += [f"- {r.exercise}: {r.points:g}/{r.max_points:g} — {r.message}" for r in rows]
        lines.append("")
    got, best = sum(r.points for r in results), sum(r.max_points for r in results)
    lines.append(f"**Total: {got:g}/{best:g}**")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_summary_csv(path: Path, results: list[Result]) -> str:
    """submission,notebook,points,max_points (and a TOTAL row per submission); the table as text."""
    sums: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for r in results:
        for key in ((r.submission, r.notebook), (r.submission, "TOTAL")):
            sums[key][0] += r.points
            sums[key][1] += r.max_points
    rows = [(s, n, round(p, 2), round(m, 2)) for (s, n), (p, m) in sums.items()]
    rows.sort(key=lambda row: (row[0], row[1] == "TOTAL", row[1]))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["submission", "notebook", "points", "max_points"])
        writer.writerows(rows)
    width = max(len(r[0]) for r in rows) if rows else 10
    text = [f"{'submission':<{width}}  {'notebook':<28} {'points':>7} {'max':>5}"]
    text += [f"{s:<{width}}  {n:<28} {p:>7g} {m:>5g}" for s, n, p, m in rows]
    return "\n".join(text)
