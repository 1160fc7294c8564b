"""The `rightsdesk` command: Django's management commands, no manage.py needed."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line

from rightsdesk.core.environment import ConfigError


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightsdesk.settings")
    argv = ["rightsdesk", *sys.argv[1:]]
    try:
        execute_from_command_line(argv)
    except ConfigError as error:
        # A bad setting is the operator's to fix: one clear line, not a traceback.
        sys.exit(f"rightsdesk: refusing to start: {error}")


if __name__ == "__main__":
    main()
