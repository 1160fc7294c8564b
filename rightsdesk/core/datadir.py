"""The data directory: the only place rightsdesk writes to disk.

No Django imports: settings use this before Django is configured. Directories are created private
(0700) and secrets private (0600) because a readable key file on a shared host defeats encryption
at rest as surely as a plaintext database.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def ensure_private_dir(path: Path) -> Path:
    """Create `path` (and parents) if missing, readable by the owner only."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def load_or_create_secret(path: Path, *, size: int = 32) -> bytes:
    """Return the random secret stored at `path`, creating it atomically on first use.

    Two processes starting together must agree on one secret: the file is created with O_EXCL,
    and the loser of the race reads the winner's file.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = secrets.token_bytes(size)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            data = path.read_bytes()
        else:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    if len(data) != size:
        raise RuntimeError(f"{path} is damaged: expected {size} bytes, found {len(data)}")
    return data
