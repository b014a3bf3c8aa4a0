"""The soak's accounting and its report: SOAK.md, requests.csv, rss.csv and rss.png."""

from __future__ import annotations

import csv
import os
import time
from pathlib import Path

import matplotlib

from benchmarks.report import write_csv

matplotlib.use("Agg")  # no screen: render straight to a file
import matplotlib.pyplot as plt  # noqa: E402


def summarise(tallies, stored: dict[str, set], samples: list[dict], seconds, clients) -> dict:
    """Per protocol: requests, failures, acknowledged vs stored; per service: RSS."""
    protocols = []
    for t in tallies:
        row = {
            "protocol": t.label,
            "service": t.service,
            "requests": t.ok,
            "failed": t.failed,
            "req_per_s": round(t.ok / seconds, 1),
        }
        if t.label in stored:
            acknowledged, kept = set(t.acknowledged), stored[t.label]
            row |= {
                "acknowledged": len(acknowledged),
                "stored": len(kept),
                "lost": len(acknowledged - kept),
            }
        protocols.append(row)
    memory = []
    for service in dict.fromkeys(s["service"] for s in samples):
        rss = [s["rss_mb"] for s in samples if s["service"] == service]
        # rss[0] is idle, before any load; rss[1] the first sample under load
        memory.append(
            {
                "service": service,
                "start_mb": rss[0],
                "loaded_mb": rss[1],
                "peak_mb": max(rss),
                "end_mb": rss[-1],
            }
        )
    failed = sum(p["failed"] for p in protocols)
    lost = sum(p.get("lost", 0) for p in protocols)
    mismatched = [p for p in protocols if p.get("acknowledged", 0) != p.get("stored", 0)]
    return {
        "seconds": round(seconds, 1),
        "clients": clients,
        "protocols": protocols,
        "memory": memory,
        "samples": samples,
        "errors": {t.label: t.errors for t in tallies if t.errors},
        "passed": failed == 0 and lost == 0 and not mismatched,
    }


def progress_line(elapsed: float, duration: float, tallies, samples: list[dict]) -> str:
    calls = ", ".join(
        f"{t.service} {t.ok}" + (f" ({t.failed} failed)" if t.failed else "") for t in tallies
    )
    latest = {s["service"]: s["rss_mb"] for s in samples}
    rss = ", ".join(f"{service} {mb:.0f}" for service, mb in latest.items())
    return f"[{elapsed:5.0f}/{duration:.0f} s] calls: {calls} | RSS MB: {rss}"


def console_summary(result: dict) -> str:
    lines = [f"{'PASSED' if result['passed'] else 'FAILED'} after {result['seconds']} s"]
    for p in result["protocols"]:
        stored = (
            f", acknowledged {p['acknowledged']}, stored {p['stored']}" if "stored" in p else ""
        )
        lines.append(f"  {p['protocol']}: {p['requests']} ok, {p['failed']} failed{stored}")
    for m in result["memory"]:
        lines.append(f"  {m['service']}: RSS {m['start_mb']} -> {m['end_mb']} MB")
    return "\n".join(lines)


def write(result: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "requests.csv", result["protocols"])
    write_csv(out / "rss.csv", result["samples"])
    rss_chart(result["samples"], out / "rss.png")
    (out / "SOAK.md").write_text(markdown(result))


def rss_chart(samples: list[dict], path: Path) -> None:
    fig, axis = plt.subplots(figsize=(9, 4))
    for service in dict.fromkeys(s["service"] for s in samples):
        points = [(s["seconds"], s["rss_mb"]) for s in samples if s["service"] == service]
        axis.plot(*zip(*points, strict=True), marker=".", label=service)
    axis.set_xlabel("seconds since the load started (0 = idle)")
    axis.set_ylabel("RSS (MiB)")
    axis.set_ylim(bottom=0)
    axis.set_title("Server memory during the soak")
    axis.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def markdown(result: dict) -> str:
    """SOAK.md: written by the run, never edited by hand."""
    verdict = "passed" if result["passed"] else "FAILED"
    lines = [
        f"# Soak run {time.strftime('%Y-%m-%d %H:%M')}: {verdict}",
        "",
        f"{result['seconds']} s under load, every protocol at once on loopback, "
        f"{result['clients']} client threads per protocol, {os.cpu_count()} cores shared by "
        f"the {len(result['memory'])} servers and the client (one Python process): the rates "
        "are what this "
        "client reached, not the servers' ceilings (see ../../REPORT.md for those).",
        "",
        "Load average at the end (1, 5, 15 min): "
        + ", ".join(str(x) for x in result.get("load_average", []))
        + f" on {os.cpu_count()} cores; above the core count, other processes competed too.",
        "",
        "| protocol | requests | req/s | failed | acknowledged (201) | stored (read back) | lost |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for p in result["protocols"]:
        acks, kept, lost = (p.get(k, "—") for k in ("acknowledged", "stored", "lost"))
        lines.append(
            f"| {p['protocol']} | {p['requests']} | {p['req_per_s']} | {p['failed']} "
            f"| {acks} | {kept} | {lost} |"
        )
    lines += [
        "",
        "Memory: resident set size (RSS, MiB) of each server process and its workers, "
        "idle before the load, at the first sample under load, the peak and the end.",
        "",
        "| service | idle | first under load | peak | end |",
        "|---|---:|---:|---:|---:|",
    ]
    for m in result["memory"]:
        lines.append(
            f"| {m['service']} | {m['start_mb']} | {m['loaded_mb']} | {m['peak_mb']} "
            f"| {m['end_mb']} |"
        )
    for label, errors in result["errors"].items():
        lines += ["", f"First errors of {label}:", ""] + [f"- `{e}`" for e in errors]
    lines += [
        "",
        "![RSS over time](rss.png)",
        "",
        "Data: `requests.csv` (per protocol), `rss.csv` (every sample).",
    ]
    return "\n".join(lines) + "\n"


NUMBERS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def _count(services) -> str:
    """'two services', from the services the CSVs name (not from a constant)."""
    n = len(set(services))
    return f"{NUMBERS[n] if n < len(NUMBERS) else n} service{'s' if n != 1 else ''}"


def report_section(folder: Path, link: str) -> list[str]:
    """The soak's figures for REPORT.md, read back from its CSVs (empty before a soak)."""
    requests, rss = folder / "requests.csv", folder / "rss.csv"
    if not (requests.exists() and rss.exists()):
        return []
    with requests.open() as handle:
        rows = list(csv.DictReader(handle))
    first, last, seconds = {}, {}, 0.0
    with rss.open() as handle:
        for sample in csv.DictReader(handle):
            first.setdefault(sample["service"], float(sample["rss_mb"]))
            last[sample["service"]] = float(sample["rss_mb"])
            seconds = max(seconds, float(sample["seconds"]))
    lines = [
        "",
        "## Soak: every protocol at once, nothing lost",
        "",
        f"`make soak`: {seconds:.0f} s of load on {_count(first)} side by side. A failure is any",
        "error or wrong answer; *lost* is an acknowledged write (201) missing when read back.",
        "",
        "| protocol | requests | failed | acknowledged | stored | lost | RSS start → end (MiB) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        memory = f"{first[r['service']]:.0f} → {last[r['service']]:.0f}"
        counts = [r[k] or "—" for k in ("requests", "failed", "acknowledged", "stored", "lost")]
        lines.append(f"| {r['protocol']} | " + " | ".join(counts) + f" | {memory} |")
    return [*lines, "", f"Details and the memory chart: [{link}]({link})."]
