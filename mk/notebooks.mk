# Notebooks: solutions/ are complete and executed; notebooks/ are generated from them.
# Grading runs hidden checks (grading/checks/) on the code of each exercise cell.
NOTEBOOK ?=
JOBS ?= 1
SUBMISSIONS ?= submissions
OUT ?= var/grades
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root,)
.PHONY: solutions student-notebooks check-exercises grade notebooks
solutions: venv ## [instructor] execute solutions/*.ipynb in place, then regenerate the student notebooks
	for nb in solutions/*.ipynb; do $(PY) -m jupyter nbconvert --to notebook --execute --inplace "$$nb"; done
	$(MAKE) student-notebooks

student-notebooks: venv ## [instructor] regenerate notebooks/ from solutions/ (exercise cells become stubs)
	$(PY) scripts/make_student_notebooks.py

check-exercises: venv ## [student] grade your notebooks (or NOTEBOOK=notebooks/01_http_anatomy.ipynb): one line per exercise
	$(PY) -m grading check -j $(JOBS) $(NOTEBOOK)

grade: venv ## [instructor] grade SUBMISSIONS=<dir>/<student>/*.ipynb into OUT=<dir> (grades.csv, results.json, feedback) [JOBS=2]
	$(PY) -m grading grade -j $(JOBS) $(SUBMISSIONS) $(OUT)

notebooks: venv ## [student] Jupyter Lab on http://127.0.0.1:8888 (no browser opened)
	$(PY) -m jupyter lab --ip 127.0.0.1 --no-browser --notebook-dir . $(ALLOW_ROOT)

.PHONY: gradescope-autograder
gradescope-autograder: venv ## [instructor] var/gradescope/autograder.zip: the notebook grader for Gradescope (setup.sh, run_autograder)
	$(PY) grading/gradescope/build.py var/gradescope/autograder.zip
