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

    Two processes (or two threads of the first requests) starting together must agree on one
    secret and never read half of it: the secret is written and synced to a private temporary
    file first, then linked into place, which fails if `path` exists; the loser of the race reads
    the winner's complete file.
    """
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        data = secrets.token_bytes(size)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.link(temporary, path)
        except FileExistsError:
            data = path.read_bytes()
        finally:
            temporary.unlink(missing_ok=True)
    if len(data) != size:
        raise RuntimeError(f"{path} is damaged: expected {size} bytes, found {len(data)}")
    return data
