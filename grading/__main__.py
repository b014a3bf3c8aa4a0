"""``python -m grading check [NOTEBOOK...]`` for students, ``grade SUBMISSIONS OUT`` for instructors."""

from .cli import main

raise SystemExit(main())
