"""A real MediaWiki for the wiki side's integration tests (scripts/mediawiki-start).

One wiki per test session and per xdist worker: each worker's wiki lives in that worker's own
temporary folder and listens on a free loopback port of its own, so workers never share a
database or a port. Skipped with the reason when PHP or Debian's `mediawiki` is missing, except
where RIGHTSDESK_REQUIRE_MEDIAWIKI=1 (CI, .ci/run installs them), where that fails the run.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from rightsdesk.accounts.models import User
from rightsdesk.wikisafety.mediawiki.client import WikiClient
from rightsdesk.wikisafety.mediawiki.services import wiki_register
from rightsdesk.wikisafety.models import Wiki
from tests.factories import staff_account

ROOT = Path(__file__).resolve().parents[2]
MEDIAWIKI = Path("/usr/share/mediawiki/maintenance/install.php")


@dataclass(frozen=True)
class LocalWiki:
    """The started wiki: its Action API address and the accounts scripts/mediawiki-start made."""

    dir: Path
    api_url: str
    env: dict[str, str]
    start_seconds: float

    def account(self, who: str) -> tuple[str, str]:
        """(user, password) of "BOT", "NOSUPPRESS" (bot password without the oversight grant),
        "ADMIN" (sysop, no suppress) or "EDITOR" (an ordinary user)."""
        return (
            self.env[f"RIGHTSDESK_MEDIAWIKI_{who}_USER"],
            self.env[f"RIGHTSDESK_MEDIAWIKI_{who}_PASSWORD"],
        )

    def client(self, who: str | None = None) -> WikiClient:
        """A client signed in as `who` (anonymous without), no retries: tests fail fast."""
        client = WikiClient(self.api_url, timeout=30, retries=0, retry_wait=0)
        if who:
            client.login(*self.account(who))
        return client


def _missing() -> str | None:
    if not shutil.which("php"):
        return "php is not installed (apt-get install php-cli php-sqlite3)"
    if not MEDIAWIKI.exists():
        return "Debian's mediawiki package is not installed (apt-get install mediawiki)"
    return None


def _read_env(path: Path) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in path.read_text().splitlines():
        key, _, value = line.partition("=")
        env[key] = shlex.split(value)[0] if value else ""
    return env


@pytest.fixture(scope="session")
def mediawiki(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWiki]:
    missing = _missing()
    if missing:
        if os.environ.get("RIGHTSDESK_REQUIRE_MEDIAWIKI") == "1":
            pytest.fail(f"the MediaWiki tests are required here: {missing}")
        pytest.skip(missing)
    folder = tmp_path_factory.mktemp("mediawiki")
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - our own script, fixed arguments
        [str(ROOT / "scripts" / "mediawiki-start"), str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        pytest.fail(f"scripts/mediawiki-start failed:\n{done.stderr[-3000:]}")
    env_file = Path(done.stdout.strip().splitlines()[-1])
    env = _read_env(env_file)
    try:
        yield LocalWiki(folder, env["RIGHTSDESK_MEDIAWIKI_URL"], env, seconds)
    finally:
        subprocess.run(  # noqa: S603
            [str(ROOT / "scripts" / "mediawiki-stop"), str(folder), "--purge"],
            check=False,
            timeout=60,
        )


@pytest.fixture
def wiki_admin(db: None) -> User:
    return staff_account(role=User.Role.ADMIN).user


@pytest.fixture
def make_wiki(mediawiki: LocalWiki, wiki_admin: User):  # type: ignore[no-untyped-def]
    """Register the local wiki (as a new row each time, from `now` on) with the bot password
    `who` ("BOT" by default)."""

    def make(who: str = "BOT", *, now: datetime | None = None) -> Wiki:
        user, password = mediawiki.account(who)
        return wiki_register(
            actor=wiki_admin,
            name=f"local {uuid.uuid4().hex[:8]}",
            # A wiki's address is unique: a second registration in one test names it otherwise.
            api_url=mediawiki.api_url
            if who == "BOT"
            else mediawiki.api_url.replace("127.0.0.1", "localhost"),
            namespaces=[0, 1, 2, 3],
            language="en",
            bot_username=user,
            bot_password=password,
            now=now or timezone.now(),
        )

    return make
