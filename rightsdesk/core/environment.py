"""Strict reading of the configuration in the environment (docs/operations.md).

Why: a setting that does not parse must stop the service, never fall back to a guess. The old
reader counted any spelling it did not know as "yes", so `RIGHTSDESK_DEBUG=flase` switched on
the debug pages (which show request data); an int that did not parse gave a bare traceback.
Every variable is now parsed by `environs` (marshmallow fields), and a bad value raises
`ConfigError` naming the variable and what is wrong, never the value itself (some variables
hold passwords). Unset or empty means the documented default, as it always did.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from environs import Env, EnvError
from marshmallow import ValidationError
from marshmallow.validate import URL, OneOf, Range

# No .env file is ever read: the service's environment is its unit file, nothing else.
_env = Env(eager=True, expand_vars=False)
_HTTP_URL = URL(schemes={"http", "https"}, require_tld=False)
_REDIS_URL = URL(schemes={"redis", "rediss"}, require_tld=False)


class ConfigError(ImproperlyConfigured):
    """A variable is set to something that does not parse; start-up stops."""


def _problem(name: str, error: EnvError) -> ConfigError:
    messages = getattr(error, "error_messages", None)
    if isinstance(messages, dict):
        messages = [m for ms in messages.values() for m in ms]
    detail = "; ".join(str(m) for m in messages) if messages else "not a valid value"
    return ConfigError(
        f"{name} is set to a value that is not valid ({detail}). Fix or unset it; "
        "docs/operations.md lists every variable."
    )


def _set(name: str) -> bool:
    return os.environ.get(name, "").strip() != ""


def _parse(method: str, name: str, **kwargs: Any) -> Any:
    try:
        return getattr(_env, method)(name, **kwargs)
    except EnvError as error:
        raise _problem(name, error) from None


def env_bool(name: str, default: bool) -> bool:
    """Yes/no: true/false, yes/no, on/off, 1/0 (any case); anything else refuses to start."""
    return bool(_parse("bool", name)) if _set(name) else default


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    """A whole number within [minimum, maximum]."""
    if not _set(name):
        return default
    return int(_parse("int", name, validate=Range(min=minimum, max=maximum)))


def env_float(name: str, default: float, *, minimum: float = 0.0) -> float:
    if not _set(name):
        return default
    return float(_parse("float", name, validate=Range(min=minimum)))


def env_str(name: str, default: str) -> str:
    return str(_parse("str", name)) if _set(name) else default


def env_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated; spaces around items and empty items are dropped."""
    if not _set(name):
        return default
    items = [str(item).strip() for item in _parse("list", name)]
    return [item for item in items if item]


def env_url_list(name: str, default: list[str]) -> list[str]:
    """Comma-separated http(s) URLs (CSRF trusted origins)."""
    items = env_list(name, default)
    for item in items:
        try:
            _HTTP_URL(item)
        except ValidationError as error:
            raise ConfigError(
                f"{name} holds an item that is not an http(s) URL ({error}). "
                "docs/operations.md lists every variable."
            ) from None
    return items


def env_url(name: str, default: str) -> str:
    """An http(s) URL, returned as written."""
    if not _set(name):
        return default
    _parse("url", name, schemes={"http", "https"}, require_tld=False)
    return os.environ[name].strip()


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """One of `choices`, spelt exactly."""
    if not _set(name):
        return default
    return str(_parse("str", name, validate=OneOf(choices)))


def env_redis_url(name: str, default: str) -> str:
    """A redis:// or rediss:// URL (it may hold a password: never echoed), returned as written."""
    if not _set(name):
        return default
    value = os.environ[name].strip()
    try:
        _REDIS_URL(value)
    except ValidationError:
        raise ConfigError(
            f"{name} is set to a value that is not valid (not a redis:// or rediss:// URL). "
            "Fix or unset it; docs/operations.md lists every variable."
        ) from None
    return value


def env_path(name: str, default: Path) -> Path:
    return Path(_parse("path", name)) if _set(name) else default


def env_database(name: str, **options: Any) -> dict[str, Any] | None:
    """A database URL (postgres://..., sqlite:///...) as Django settings, or None when unset."""
    if not _set(name):
        return None
    return dict(_parse("dj_db_url", name, **options))
