#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image (Ubuntu).
set -euo pipefail
apt-get update
apt-get install -y --no-install-recommends python3 python3-venv make ca-certificates
cd /autograder/source
make venv   # .venv from uv.lock, exactly the versions the course uses
