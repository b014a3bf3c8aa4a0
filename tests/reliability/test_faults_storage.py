"""Storage faults under a running REST service: a 201 is durable, anything else a 503.

The database deleted, the disk full, the file system read-only, a lock held by another
process past the busy timeout: each write must be either stored in the file the
service started with (201) or refused with 503 + ``Retry-After`` as problem+json, the
service stays up, ``/readyz`` says 503 while it lasts, the log has one line per
episode, and service resumes by itself once the fault is gone.

Before: deleting the file gave 18 of 40 answers 201 for rows that existed only in the
deleted inode (the rest were 500 ``no such table``) and ``/readyz`` stayed 200; a full
disk gave 500s with a traceback each.
"""

import contextlib
import os
import sqlite3
import subprocess
import threading
import time

import pytest
import requests

from services.common.launch import launch

IRIS = {"model_id": "iris", "features": [5.1, 3.5, 1.4, 0.2]}
SERVICES = ["flask_rest", "fastapi_rest"]


def post(url: str) -> requests.Response:
    return requests.post(f"{url}/predictions", json=IRIS, timeout=30)


def assert_refused(response: requests.Response) -> None:
    assert response.status_code == 503, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert int(response.headers["Retry-After"]) > 0
    assert response.json()["code"] == "storage_unavailable"


def eventually(condition, timeout: float = 15.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def fault_lines(service) -> int:
    return service.log().count("storage fault")


@pytest.mark.parametrize("name", SERVICES)
def test_deleting_the_database_never_acknowledges_a_lost_write(name, tmp_path):
    database = tmp_path / "predictions.sqlite3"
    with launch(name, env={"APILAB_DB_PATH": str(database)}) as service:
        acknowledged = [post(service.url).json()["id"] for _ in range(20)]
        # keep the inodes reachable under another name, to count what they hold
        for suffix in ("", "-wal"):
            os.link(f"{database}{suffix}", f"{tmp_path / 'kept'}{suffix}")
            os.unlink(f"{database}{suffix}")
        answers = [post(service.url) for _ in range(40)]
        for answer in answers:
            assert_refused(answer)
        assert requests.get(f"{service.url}/readyz", timeout=10).status_code == 503
        assert requests.get(f"{service.url}/healthz", timeout=10).status_code == 200
        assert fault_lines(service) == 1, service.log()
        assert not database.exists(), "a new, empty database file was created"
    with contextlib.closing(sqlite3.connect(tmp_path / "kept")) as kept:
        stored = {row[0] for row in kept.execute("SELECT id FROM predictions")}
    assert set(acknowledged) <= stored


@pytest.fixture
def small_disk(tmp_path):
    """A 256 KiB tmpfs (needs root, as in the course's container)."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mountpoint)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    yield mountpoint
    subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def fill(directory) -> None:
    with (directory / "filler").open("wb", buffering=0) as filler, contextlib.suppress(OSError):
        while True:
            filler.write(b"\0" * 4096)


@pytest.mark.parametrize("name", SERVICES)
def test_a_full_disk_is_503_and_service_resumes_when_space_returns(name, small_disk):
    env = {"APILAB_DB_PATH": str(small_disk / "predictions.sqlite3")}
    with launch(name, env=env) as service:
        assert post(service.url).status_code == 201
        fill(small_disk)
        answers = [post(service.url) for _ in range(30)]  # the WAL may reuse its space
        refused = [a for a in answers if a.status_code != 201]
        assert refused, "a full disk refused no write"
        for answer in refused:
            assert_refused(answer)
        assert requests.get(f"{service.url}/readyz", timeout=10).status_code == 503
        (small_disk / "filler").unlink()
        eventually(lambda: requests.get(f"{service.url}/readyz", timeout=10).status_code == 200)
        created = post(service.url)
        assert created.status_code == 201
        acknowledged = [a for a in [*answers, created] if a.status_code == 201]
        for answer in acknowledged:  # stored, not just answered
            assert requests.get(service.url + answer.headers["Location"], timeout=10).ok
        assert fault_lines(service) == 1, service.log()
        assert "Traceback" not in service.log()


def chattr(flag: str, *paths) -> None:
    done = subprocess.run(["chattr", flag, *map(str, paths)], capture_output=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr {flag} failed here: {done.stderr.decode().strip()}")


@pytest.mark.parametrize("name", SERVICES)
def test_a_read_only_database_is_503_until_it_is_writable_again(name, tmp_path):
    """Immutable files (``chattr +i``): read-only even for root, as a read-only mount is.

    Not the ``-shm`` file: SQLite maps it into memory, and a mapping that cannot be
    written kills the process with SIGBUS (see SECURITY.md).
    """
    database = tmp_path / "predictions.sqlite3"
    files = [database, f"{database}-wal"]
    with launch(name, env={"APILAB_DB_PATH": str(database)}) as service:
        assert post(service.url).status_code == 201
        chattr("+i", *files)
        try:
            answers = [post(service.url) for _ in range(10)]
            for answer in answers:
                assert answer.status_code == 503 or answer.status_code == 201, answer.text
            assert_refused(answers[-1])
            assert requests.get(f"{service.url}/readyz", timeout=10).status_code == 503
        finally:
            chattr("-i", *files)
        eventually(lambda: post(service.url).status_code == 201)
        eventually(lambda: requests.get(f"{service.url}/readyz", timeout=10).status_code == 200)


@pytest.mark.parametrize("name", SERVICES)
def test_a_lock_held_past_the_timeout_is_503_and_health_answers(name, tmp_path):
    database = tmp_path / "predictions.sqlite3"
    env = {"APILAB_DB_PATH": str(database), "APILAB_DB_BUSY_TIMEOUT": "2"}
    with launch(name, env=env) as service:
        holder = sqlite3.connect(database, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process's writer, never committing
        answers, started = [], time.monotonic()
        writer = threading.Thread(target=lambda: answers.append(post(service.url)))
        writer.start()
        try:
            # meanwhile health answers at once: no event loop waits on the lock
            health_started = time.perf_counter()
            assert requests.get(f"{service.url}/healthz", timeout=10).status_code == 200
            assert time.perf_counter() - health_started < 1.0
            writer.join(30)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert time.monotonic() - started >= 2
        assert_refused(answers[0])
        assert post(service.url).status_code == 201
