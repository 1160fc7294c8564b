"""The one shape of a refusal: a service says no, nothing was written, and says why.

Services raise a subclass (EditRefused, GrantRefused, ...); views and the API show `message`,
which is already translated and safe to show to whoever asked.
"""

from __future__ import annotations


class Refused(Exception):
    """A request a service will not carry out; `message` is translated and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
