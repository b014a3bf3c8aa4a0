"""Grading: hidden checks run against a student's exercise code inside the reference notebook."""
