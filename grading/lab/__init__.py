"""The Flask lab's autograder: black-box HTTP checks on a student's running app."""
