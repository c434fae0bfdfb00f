"""The one error type that reaches a user: where (file, field) and what was expected."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input, reported as ``FILE: FIELD: what is wrong`` and exit code 2.

    ``source`` names the file (or the built-in case), ``field`` the path inside it
    (``positions[3].salience``), ``message`` what was expected.
    """

    def __init__(self, message: str, source: str | None = None, field: str | None = None):
        self.message = message
        self.source = source
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [p for p in (self.source, self.field) if p]
        return ": ".join(parts + [self.message])

    def at(self, source: str) -> "InputError":
        """The same error, placed in ``source`` if it had no file yet."""
        if self.source is None:
            self.source = source
            self.args = (str(self),)
        return self
