"""``python -m grading check [NOTEBOOK...]`` (students), ``grade SUBMISSIONS OUT`` (instructors)."""

from .cli import main

raise SystemExit(main())
