"""The one shape of a refusal: a service says no, nothing was written, and says why.

Services raise a subclass (EditRefused, GrantRefused, ...); views and the API show `message`,
which is already translated and safe to show to whoever asked.
"""

from __future__ import annotations


class Refused(Exception):
    """A request a service will not carry out; `message` is translated and safe to show.

    `status` and `code` are how both HTTP layers answer it (the pages and the API), so a subclass
    decides its answer once. `keeps_input` says whether the page shows the refused form again as
    it was typed (a stale edit does not: the page shows the record as it is now).
    """

    status = 400
    code = "refused"
    keeps_input = True

    def __init__(self, message: object) -> None:
        # A lazy translation is rendered now, in the language of the request that was refused.
        self.message = str(message)
        super().__init__(self.message)
