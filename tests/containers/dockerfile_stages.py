"""Read the root Dockerfile's stages, so tests can check and replay what each image runs.

Only what our Dockerfile uses: ``FROM <image|stage> AS <name>``, backslash continuations,
comment lines, ``ARG``, ``ENV k=v ...`` (``${VAR}`` expanded from build arguments and
earlier ENV), JSON-form ``CMD``/``HEALTHCHECK ... CMD``, ``USER``, ``EXPOSE``, ``RUN``. A
stage inherits ENV, USER, CMD and HEALTHCHECK from the stage it is built FROM, as Docker
does.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOCKERFILE = ROOT / "Dockerfile"
SERVICE_STAGE = "service"  # built once per service: --build-arg SERVICE=<name>


@dataclass
class Stage:
    name: str
    base: str
    instructions: list[tuple[str, str]] = field(default_factory=list)


def instructions(text: str) -> list[tuple[str, str]]:
    """(KEYWORD, arguments) pairs, continuation lines joined, comments dropped."""
    result, pending = [], ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue  # Docker drops comment lines even inside a continuation
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        keyword, _, arguments = (pending + line).partition(" ")
        result.append((keyword.upper(), arguments.strip()))
        pending = ""
    return result


def parse(path: Path = DOCKERFILE) -> dict[str, Stage]:
    stages: dict[str, Stage] = {}
    current = None
    for keyword, arguments in instructions(path.read_text()):
        if keyword == "FROM":
            words = arguments.split()
            assert len(words) == 3 and words[1].upper() == "AS", f"unnamed stage: FROM {arguments}"
            current = stages[words[2]] = Stage(words[2], words[0])
        elif current is not None:
            current.instructions.append((keyword, arguments))
    return stages


class Image:
    """What one target's container gets: its own instructions over its parents'."""

    def __init__(self, stages: dict[str, Stage], target: str, build_args: dict | None = None):
        chain = []
        name = target
        while name in stages:  # up to a stage built FROM an image, not another stage
            chain.insert(0, stages[name])
            name = stages[name].base
        self.target = target
        self.build_args = dict(build_args or {})
        self.instructions = [pair for stage in chain for pair in stage.instructions]

    def _last(self, keyword: str) -> str | None:
        found = [arguments for kw, arguments in self.instructions if kw == keyword]
        return found[-1] if found else None

    @property
    def env(self) -> dict[str, str]:
        env: dict[str, str] = {}
        for keyword, arguments in self.instructions:
            if keyword == "ENV":
                known = self.build_args | env
                for pair in shlex.split(arguments):
                    key, _, value = pair.partition("=")
                    env[key] = re.sub(r"\$\{(\w+)\}", lambda m, k=known: k.get(m[1], ""), value)
        return env

    @property
    def runs(self) -> list[str]:
        """The shell commands of its RUN instructions, in order."""
        return [arguments for keyword, arguments in self.instructions if keyword == "RUN"]

    @property
    def user(self) -> str | None:
        return self._last("USER")

    @property
    def exposed_ports(self) -> set[int]:
        return {
            int(port.split("/")[0])
            for keyword, arguments in self.instructions
            if keyword == "EXPOSE"
            for port in arguments.split()
        }

    @property
    def cmd(self) -> list[str] | None:
        cmd = self._last("CMD")
        return json.loads(cmd) if cmd else None

    @property
    def healthcheck(self) -> list[str] | None:
        """The health check's command (exec form), without its --interval etc. options."""
        healthcheck = self._last("HEALTHCHECK")
        if healthcheck is None or healthcheck.upper() == "NONE":
            return None
        _, _, command = healthcheck.partition("CMD ")
        return json.loads(command)


def images(path: Path = DOCKERFILE) -> dict[str, Image]:
    stages = parse(path)
    return {name: Image(stages, name) for name in stages}


def service_image(service: str, path: Path = DOCKERFILE) -> Image:
    """The image of one service: the service stage, built with SERVICE=<service>."""
    return Image(parse(path), SERVICE_STAGE, {"SERVICE": service})
