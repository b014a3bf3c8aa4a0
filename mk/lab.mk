# The Flask lab: its own small environment, one step's server, the assignment's grader.
STEP ?= step01_hello
LAB_VENV := .venv-lab
LAB_PY := $(LAB_VENV)/bin/python
.PHONY: lab-setup lab lab-lock lab-newman grade-lab grade-lab-autograder

.venv-lab/.synced: labs/flask/requirements.txt
	python3 -m venv $(LAB_VENV)
	$(LAB_PY) -m pip install --quiet --disable-pip-version-check -r $<
	@touch $@

lab-setup: .venv-lab/.synced ## [student] the Flask lab's environment alone (.venv-lab: Flask, gunicorn, requests, pytest)

lab: lab-setup ## [student] run a step of the Flask lab: make lab STEP=step07_model (http://127.0.0.1:5000)
	$(LAB_VENV)/bin/flask --app labs/flask/$(STEP)/app.py run --port 5000

lab-lock: ## [maintainer] recompile labs/flask/requirements.txt from requirements.in
	$(UV) pip compile --universal --python-version 3.11 --no-header --quiet \
	  labs/flask/requirements.in -o labs/flask/requirements.txt

labs/flask/node_modules/.bin/newman: labs/flask/package.json labs/flask/package-lock.json
	cd labs/flask && npm ci --no-audit --no-fund --silent
	@# newman ships the sources of its own Docker images: not needed to run it, and not ours to lint
	rm -rf labs/flask/node_modules/newman/docker
	@touch $@

lab-newman: labs/flask/node_modules/.bin/newman ## [maintainer] install newman (Postman's runner) from labs/flask's package-lock.json

SUBMISSION ?= solutions/flask_lab
OUT ?= var/grade-lab
# the lab's own environment is enough (as in Gradescope's image): the app, requests, pytest
grade-lab: lab-setup ## [instructor] grade a Flask lab submission: make grade-lab SUBMISSION=dir OUT=dir
	$(LAB_PY) -m grading.lab --submission $(SUBMISSION) --out $(OUT)

# Gradescope's autograder zip: its two scripts at the top, and what the grader reads
grade-lab-autograder: ## [instructor] build var/flask-lab-autograder.zip to upload to Gradescope
	@mkdir -p var && rm -f var/flask-lab-autograder.zip
	zip -q -j var/flask-lab-autograder.zip grading/lab/gradescope/setup.sh grading/lab/gradescope/run_autograder
	zip -q -r var/flask-lab-autograder.zip grading/__init__.py grading/api.py grading/report.py grading/lab \
	  labs/flask/requirements.txt labs/flask/step07_model/model.json -x '*/__pycache__/*' 'grading/lab/gradescope/*'
