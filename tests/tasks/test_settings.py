"""RIGHTSDESK_TASKS switches the task backend; a half-configured switch refuses to start."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_settings_env import run, settings_value

URL = "redis://:Canary-pw-1234@127.0.0.1:6399/0"


def test_the_database_worker_is_the_default(tmp_path: Path) -> None:
    backend = settings_value(tmp_path, "settings.TASKS['default']['BACKEND']", {})
    assert backend == "django_tasks_db.DatabaseBackend"


def test_rq_switches_the_backend_and_names_the_queue(tmp_path: Path) -> None:
    env = {"RIGHTSDESK_TASKS": "rq", "RIGHTSDESK_REDIS_URL": URL}
    expression = (
        "settings.TASKS['default']['BACKEND'], settings.RQ_QUEUES['default']['URL'] == "
        "settings.RIGHTSDESK_REDIS_URL, 'django_rq' in settings.INSTALLED_APPS"
    )
    assert settings_value(tmp_path, expression, env) == "django_tasks_rq.RQBackend True True"
    checked = run("check", env_extra=env, tmp=tmp_path)  # the backend's own checks pass
    assert checked.returncode == 0, checked.stderr


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"RIGHTSDESK_TASKS": "celery"}, "RIGHTSDESK_TASKS"),
        # empty: unset, whatever the environment running the tests holds (CI sets a URL)
        ({"RIGHTSDESK_TASKS": "rq", "RIGHTSDESK_REDIS_URL": ""}, "RIGHTSDESK_REDIS_URL"),
        (
            {"RIGHTSDESK_TASKS": "rq", "RIGHTSDESK_REDIS_URL": "http://Canary-pw-1234@x/"},
            "RIGHTSDESK_REDIS_URL",
        ),
    ],
)
def test_a_bad_switch_refuses_to_start_and_keeps_the_password_out(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    result = run("check", env_extra=env, tmp=tmp_path)
    assert result.returncode != 0
    assert named in result.stderr
    assert "refusing to start" in result.stderr
    assert "Traceback" not in result.stderr
    assert "Canary-pw-1234" not in result.stderr
