# The Flask lab: its own small environment, one step's server, the assignment's grader.
STEP ?= step01_hello
LAB_VENV := .venv-lab
LAB_PY := $(LAB_VENV)/bin/python
.PHONY: lab-setup lab lab-lock lab-newman grade-lab

$(LAB_VENV)/.synced: labs/flask/requirements.txt
	python3 -m venv $(LAB_VENV)
	$(LAB_PY) -m pip install --quiet --disable-pip-version-check -r $<
	@touch $@

lab-setup: $(LAB_VENV)/.synced ## the Flask lab's environment alone (.venv-lab: Flask, gunicorn, requests, pytest)

lab: lab-setup ## run a step of the Flask lab: make lab STEP=step07_model (http://127.0.0.1:5000)
	$(LAB_VENV)/bin/flask --app labs/flask/$(STEP)/app.py run --port 5000

lab-lock: ## recompile labs/flask/requirements.txt from requirements.in
	$(UV) pip compile --universal --python-version 3.11 --no-header --quiet \
	  labs/flask/requirements.in -o labs/flask/requirements.txt

labs/flask/node_modules/.bin/newman: labs/flask/package.json labs/flask/package-lock.json
	cd labs/flask && npm ci --no-audit --no-fund --silent
	@# newman ships the sources of its own Docker images: not needed to run it, and not ours to lint
	rm -rf labs/flask/node_modules/newman/docker
	@touch $@

lab-newman: labs/flask/node_modules/.bin/newman ## install newman (Postman's runner) from labs/flask's package-lock.json

SUBMISSION ?= solutions/flask_lab
OUT ?= var/grade-lab
grade-lab: venv ## grade a Flask lab submission: make grade-lab SUBMISSION=dir OUT=dir
	$(PY) -m grading.lab --submission $(SUBMISSION) --out $(OUT)
