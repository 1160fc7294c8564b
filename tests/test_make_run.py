"""`make run` is quiet: pip's output goes to a log shown only on failure, and the demo's sign-in
details come last; the demo has upcoming events (one online, one in person) to sign up for."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from rightsdesk.community.models import Event
from rightsdesk.community.selectors import upcoming_events

ROOT = Path(__file__).resolve().parent.parent
NOISE = "WARNING: a dependency conflict pip likes to mention"


def _fake_venv(tmp_path: Path, *, fails: bool) -> Path:
    """A venv whose python is a script: 83 lines of pip noise, then success or failure."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(
        "#!/bin/sh\n"
        f'i=0; while [ $i -lt 83 ]; do echo "{NOISE} $i" >&2; i=$((i+1)); done\n'
        f"exit {1 if fails else 0}\n",
        encoding="utf-8",
    )
    python.chmod(0o755)
    return venv


def _setup(venv: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own script, arguments from this test
        [str(ROOT / "scripts" / "setup-venv"), str(venv)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHON": ""},
        timeout=60,
    )


def test_setup_keeps_pip_output_in_a_log(tmp_path: Path) -> None:
    venv = _fake_venv(tmp_path, fails=False)
    result = _setup(venv)
    assert result.returncode == 0, result.stderr
    assert NOISE not in result.stdout + result.stderr
    assert len((result.stdout + result.stderr).splitlines()) <= 2
    assert NOISE in (venv / "setup.log").read_text(encoding="utf-8")


def test_setup_shows_the_log_when_pip_fails(tmp_path: Path) -> None:
    result = _setup(_fake_venv(tmp_path, fails=True))
    assert result.returncode != 0
    assert NOISE in result.stderr
    assert "Installing failed" in result.stderr


def test_make_run_prints_the_demo_credentials_last() -> None:
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    plan = subprocess.run(  # noqa: S603 - fixed arguments
        [make, "-n", "run", "VENV=/nonexistent-venv"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.splitlines()
    commands = [line for line in plan if "/rightsdesk " in line]
    demo = next(i for i, line in enumerate(commands) if "/rightsdesk demo" in line)
    before_servers = [line for line in commands if "runserver" not in line and "&" not in line]
    assert before_servers[-1] == commands[demo]  # nothing else prints after the credentials
    for line in commands[:demo]:
        assert "2>&1" in line  # migrate and the gaps demo: their output goes to the log


@pytest.mark.django_db
def test_demo_command_adds_upcoming_events_and_ends_on_the_credentials() -> None:
    out = StringIO()
    with override_settings(DEMO_MODE=True):
        call_command("demo", stdout=out)
    events = list(upcoming_events())
    assert len(events) == 2
    online = [e for e in events if e.online_url]
    in_person = [e for e in events if e.place and not e.online_url]
    assert len(online) == len(in_person) == 1
    soon = timezone.now() + timedelta(weeks=4)
    assert all(timezone.now() < e.starts_at < soon for e in events)
    text = out.getvalue().rstrip().splitlines()
    assert text[-1].startswith("====")
    last_block = "\n".join(text[-20:])
    assert "password: demo handler passphrase" in last_block
    # Safe to run again: no second copy of the events.
    with override_settings(DEMO_MODE=True):
        call_command("demo", stdout=StringIO())
    assert Event.objects.count() == 2
