"""The command line: a thin layer over the library (`main`: reading commands; `maintain`: maintainers' commands)."""

from italruss._cli.main import run

__all__ = ["run"]
