"""Start the services a notebook needs, on free ports, and stop them when it ends.

from services.common.notebook import start
rest = start("fastapi_rest")        # waits until ready; stopped at exit, even after errors
requests.get(f"{rest.url}/models")
"""

from __future__ import annotations

import atexit

from .launch import ServiceProcess
from .launch import start as launch_service

RUNNING: list[ServiceProcess] = []


def start(name: str, **kwargs) -> ServiceProcess:
    service = launch_service(name, **kwargs)
    RUNNING.append(service)
    return service


def stop_all() -> None:
    """Stop every service this kernel started (also runs when the kernel exits)."""
    while RUNNING:
        RUNNING.pop().stop()


atexit.register(stop_all)
