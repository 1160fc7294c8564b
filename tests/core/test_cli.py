"""The `rightsdesk` console script runs Django's commands without manage.py."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(
    *args: str, env_extra: dict[str, str] | None = None, tmp: Path
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "RIGHTSDESK_DATA_DIR": str(tmp), **(env_extra or {})}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603 - fixed argv, our own interpreter
        [sys.executable, "-m", "rightsdesk", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_module_runs_management_commands(tmp_path: Path) -> None:
    result = run("check", tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_data_dir_is_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    run("check", tmp=data)
    assert (data / "keys").stat().st_mode & 0o077 == 0
    assert (data / "keys" / "django-secret-key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize("demo", ["0", "1"])
def test_demo_command_only_in_demo_mode(tmp_path: Path, demo: str) -> None:
    assert run("migrate", "--verbosity", "0", tmp=tmp_path).returncode == 0
    result = run("demo", env_extra={"RIGHTSDESK_DEMO": demo}, tmp=tmp_path)
    if demo == "0":
        assert result.returncode != 0
        assert "RIGHTSDESK_DEMO=1" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert "otpauth://totp/" in result.stdout
        assert "demo-handler" in result.stdout
        assert "Demo demands: 4" in result.stdout
        assert "Demo transparency report: a public release" in result.stdout
