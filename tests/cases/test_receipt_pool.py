"""The in-memory receipt pool hands out each receipt once, correctly derived."""

from __future__ import annotations

import time

from pytest_django.fixtures import Settings

from rightsdesk.cases.submission import receipt_pool
from rightsdesk.core.serverkeys import server_subkey
from rightsdesk.crypto import derive_receipt_secrets


def test_pool_fills_in_the_background_and_never_repeats(settings: Settings) -> None:
    settings.RIGHTSDESK_RECEIPT_POOL = 3
    receipt_pool.warm_up()
    deadline = time.monotonic() + 10
    while receipt_pool.pooled() < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert receipt_pool.pooled() == 3
    taken = [receipt_pool.take_receipt() for _ in range(5)]  # 3 pooled, then inline or refilled
    receipts = [receipt for receipt, _ in taken]
    assert len(set(receipts)) == 5
    for receipt, secrets in taken:
        fresh = derive_receipt_secrets(
            receipt,
            server_key=server_subkey(b"receipt-lookup"),
            params=settings.RIGHTSDESK_RECEIPT_KDF,
        )
        assert fresh.lookup == secrets.lookup
        assert fresh.wrap_seed == secrets.wrap_seed
    settings.RIGHTSDESK_RECEIPT_POOL = 0
    receipt_pool.warm_up()
