"""Test settings: the production settings with fast-but-weak crypto, each named as such."""

import os
import tempfile

# Each test run gets its own data directory (keys, files, SQLite) before settings read it.
os.environ.setdefault("RIGHTSDESK_DATA_DIR", tempfile.mkdtemp(prefix="rightsdesk-test-"))
os.environ.setdefault("RIGHTSDESK_HTTPS", "1")

from rightsdesk.crypto import INSECURE_TEST_KDF
from rightsdesk.settings import *  # noqa: F403
from rightsdesk.settings import DATA_DIR, DATABASES

# insecure_kdf: Argon2id at its minimum cost, so that a test creating a user takes milliseconds.
RIGHTSDESK_KDF = INSECURE_TEST_KDF
RIGHTSDESK_RECEIPT_KDF = INSECURE_TEST_KDF
RIGHTSDESK_MIN_FILL_SECONDS = 0
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
RIGHTSDESK_RECEIPT_POOL = 0  # derive inline: no background thread in tests but its own
# insecure password hash, tests only: Argon2 at production cost would dominate the suite.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The canary test scans the real database file and its WAL: keep the test database on disk.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}

# The site-wide report budget protects a live service from floods; the suite files hundreds of
# reports in a few minutes. tests/intake/test_flood.py sets small budgets of its own.
RIGHTSDESK_REPORTS_PER_HOUR = 1_000_000
