"""Start the services a notebook needs, on free ports, and stop them when it ends.

from services.common.notebook import start, start_all, stop_all
rest = start("fastapi_rest")        # waits until ready; stopped at exit, even after errors
flask, fastapi = start_all("flask_rest", "fastapi_rest")   # side by side, started together
requests.get(f"{rest.url}/models")
stop_all()                          # the last cell of every notebook
"""

from __future__ import annotations

import atexit
from concurrent.futures import ThreadPoolExecutor

from .launch import ServiceProcess
from .launch import start as launch_service

RUNNING: list[ServiceProcess] = []


def start(name: str, **kwargs) -> ServiceProcess:
    service = launch_service(name, **kwargs)
    RUNNING.append(service)
    return service


def start_all(*names: str) -> list[ServiceProcess]:
    """Start several services at once (their start-ups overlap); all or none keep running."""
    with ThreadPoolExecutor(max_workers=len(names)) as pool:
        futures = [pool.submit(launch_service, name) for name in names]
    started = [f.result() for f in futures if f.exception() is None]
    RUNNING.extend(started)
    for future in futures:
        if future.exception() is not None:
            stop_all()
            raise future.exception()
    return started


def stop_all() -> None:
    """Stop every service this kernel started (also runs when the kernel exits)."""
    while RUNNING:
        RUNNING.pop().stop()


atexit.register(stop_all)
