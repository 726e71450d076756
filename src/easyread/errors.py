"""Domain errors. Each carries the exit code the CLI returns for it.

The CLI prints an error as one line ("easyread: <file>: <what is wrong>; <what to do>") and the
traceback only with --debug: 1 an internal error (a bug), 2 InputError, 3 RuleError, 4 OutputError,
5 CheckFailed, 130 interrupted. Nothing is written when any of them is raised.
"""
from __future__ import annotations


class EasyReadError(Exception):
    """An error a user can fix; its message is one line saying what is wrong and what to do."""

    exit_code = 1


class InputError(EasyReadError):
    """The report file cannot be read or is not an inspection report."""

    exit_code = 2


class RuleError(EasyReadError):
    """A phrasebook, gazetteer or template file is wrong; the message names the file and line."""

    exit_code = 3

    def __init__(self, path: object, line: int | None, message: str):
        where = f"{path}:{line}" if line else f"{path}"
        super().__init__(f"{where}: {message}")
        self.path, self.line, self.problem = str(path), line, message


class OutputError(EasyReadError):
    """The output cannot be written (folder unwritable, file exists without --force)."""

    exit_code = 4


class CheckFailed(EasyReadError):
    """A check found problems (phrasebook check, strict readability check)."""

    exit_code = 5
