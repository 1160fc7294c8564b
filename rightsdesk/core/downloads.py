"""Public pages: the report form, the receipt, the reporter's inbox. No JavaScript anywhere.

Views parse and render; services decide. Every page that shows report content is `no-store`
(PrivacyHeadersMiddleware sets it on every page).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.http import StreamingHttpResponse


def download_response(name: str, mime: str, stream: Any) -> StreamingHttpResponse:
    """A download that a browser saves rather than renders (no sniffing, no inline HTML/PDF)."""
    response = StreamingHttpResponse(stream, content_type="application/octet-stream")
    response["Content-Disposition"] = _attachment_header(name)
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Rightsdesk-Type"] = mime
    return response


def _attachment_header(name: str) -> str:
    ascii_name = name.encode("ascii", "replace").decode("ascii").replace('"', "_") or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
