# The Flask lab: run one step with the development server, as its README does.
STEP ?= step01_hello
.PHONY: lab
lab: venv ## [student] run a step of the Flask lab: make lab STEP=step07_model (http://127.0.0.1:5000)
	.venv/bin/flask --app labs/flask/$(STEP)/app.py run --port 5000
