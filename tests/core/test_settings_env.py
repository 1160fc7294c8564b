"""Settings from the environment parse strictly: a bad value stops start-up and names the variable.

Run as the operator would (`python -m rightsdesk check` in a subprocess with the real settings),
because the failure happens while the settings module is imported.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, env_extra: dict[str, str], tmp: Path) -> subprocess.CompletedProcess[str]:
    """`python -m rightsdesk ARGS` with the production settings and only `env_extra` changed."""
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env |= {"RIGHTSDESK_DATA_DIR": str(tmp), **env_extra}
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-m", "rightsdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


BAD_VALUES = [
    ("RIGHTSDESK_DEBUG", "flase"),
    ("RIGHTSDESK_DEBUG", "2"),
    ("RIGHTSDESK_DEMO", "yes please"),
    ("RIGHTSDESK_HTTPS", "maybe"),
    ("RIGHTSDESK_BEHIND_PROXY", "ture"),
    ("RIGHTSDESK_EMAIL_TLS", "sure"),
    ("RIGHTSDESK_MAX_FILES", "twenty"),
    ("RIGHTSDESK_MAX_FILE_MB", "-5"),
    ("RIGHTSDESK_KDF_OPSLIMIT", "0"),
    ("RIGHTSDESK_EXPENSIVE_WAIT_SECONDS", "soon"),
    ("RIGHTSDESK_EMAIL_PORT", "99999"),
    ("RIGHTSDESK_ONION_LOCATION", "not a url"),
    ("RIGHTSDESK_CSRF_TRUSTED_ORIGINS", "rights.example.org"),
    ("DATABASE_URL", "postgres//rightsdesk@127.0.0.1/rightsdesk"),
]


@pytest.mark.parametrize(("name", "value"), BAD_VALUES)
def test_a_bad_value_refuses_to_start_and_names_the_variable(
    tmp_path: Path, name: str, value: str
) -> None:
    result = run("check", env_extra={name: value}, tmp=tmp_path)
    assert result.returncode != 0, result.stdout
    assert name in result.stderr
    assert "refusing to start" in result.stderr
    # One clear line for the operator, not a traceback that happens to quote the source line.
    assert "Traceback" not in result.stderr


def test_the_message_never_repeats_the_value(tmp_path: Path) -> None:
    """Some variables hold passwords: the refusal names the variable, not what it holds."""
    result = run("check", env_extra={"RIGHTSDESK_EMAIL_PORT": "Canary-s3cret"}, tmp=tmp_path)
    assert result.returncode != 0
    assert "RIGHTSDESK_EMAIL_PORT" in result.stderr
    assert "Canary-s3cret" not in result.stderr


def settings_value(tmp: Path, expression: str, env: dict[str, str]) -> str:
    code = f"from django.conf import settings; print({expression})"
    result = run("shell", "-c", code, env_extra=env, tmp=tmp)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]  # after "N objects imported automatically"


@pytest.mark.parametrize(("value", "expected"), [("0", "False"), ("off", "False"), ("", "False"),
                                                 ("TRUE", "True"), ("1", "True")])  # fmt: skip
def test_the_usual_spellings_still_work_and_blank_is_the_default(
    tmp_path: Path, value: str, expected: str
) -> None:
    assert settings_value(tmp_path, "settings.DEBUG", {"RIGHTSDESK_DEBUG": value}) == expected


def test_lists_keep_their_old_shape(tmp_path: Path) -> None:
    hosts = settings_value(
        tmp_path, "settings.ALLOWED_HOSTS", {"RIGHTSDESK_ALLOWED_HOSTS": " a.example, ,b.onion "}
    )
    assert hosts == "['a.example', 'b.onion']"
