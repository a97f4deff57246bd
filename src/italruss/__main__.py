"""`python -m italruss`: the command line."""

from italruss._cli import run

run()
