# Notebooks: solutions/ are complete and executed; notebooks/ are generated from them.
NBVAL := $(PY) -m pytest -p no:cacheprovider --nbval --nbval-sanitize-with notebooks/sanitize.cfg
.PHONY: solutions student-notebooks check-exercises notebooks
solutions: venv ## [instructor] execute solutions/*.ipynb in place, then regenerate the student notebooks
	for nb in solutions/*.ipynb; do $(PY) -m jupyter nbconvert --to notebook --execute --inplace "$$nb"; done
	$(MAKE) student-notebooks

student-notebooks: venv ## [instructor] regenerate notebooks/ from solutions/ (exercise cells become stubs)
	$(PY) scripts/make_student_notebooks.py

check-exercises: venv ## [student] nbval on your notebooks: passes where your code gives the expected output
	$(NBVAL) notebooks/

notebooks: venv ## [student] Jupyter Lab on http://127.0.0.1:8888 (no browser opened)
	$(PY) -m jupyter lab --ip 127.0.0.1 --no-browser --notebook-dir .
