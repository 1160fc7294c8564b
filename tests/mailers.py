"""Mail backends for tests that need a mail server that hangs (named in MAILERS by path)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, ClassVar

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection


class HangingMailer(BaseEmailBackend):
    """Blocks in `send_messages` until a test sets `release`; records what it was given and
    whether the sending thread was inside a database transaction at that moment."""

    entered: ClassVar[threading.Event] = threading.Event()
    release: ClassVar[threading.Event] = threading.Event()
    sent: ClassVar[list[list[str]]] = []
    in_transaction: ClassVar[list[bool]] = []

    @classmethod
    def reset(cls) -> None:
        cls.entered = threading.Event()
        cls.release = threading.Event()
        cls.sent = []
        cls.in_transaction = []

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        type(self).in_transaction.append(connection.in_atomic_block)
        type(self).entered.set()
        type(self).release.wait(timeout=30)
        for message in email_messages:
            type(self).sent.append(list(message.to))
        return len(email_messages)
