"""The `rightsdesk` command: Django's management commands, no manage.py needed."""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightsdesk.settings")
    argv = ["rightsdesk", *sys.argv[1:]]
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
