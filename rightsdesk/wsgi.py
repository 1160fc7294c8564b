"""WSGI entry point for a production server (see docs/operations.md)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rightsdesk.settings")
application = get_wsgi_application()

# Start deriving receipts ahead (in memory) so the first burst of reports does not queue.
from rightsdesk.cases.submission.receipt_pool import warm_up  # noqa: E402 - needs the app registry

warm_up()

# Delete upload spool files a killed server left behind (only old ones: see the function).
from rightsdesk.core.files import sweep_spool_at_start  # noqa: E402 - needs the app registry

sweep_spool_at_start()
