from __future__ import annotations

from tests.community.conftest import event

__all__ = ["event"]
