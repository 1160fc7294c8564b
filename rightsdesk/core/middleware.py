"""Middleware that keeps the client anonymous and the pages hard to abuse.

ForgetClientMiddleware must run first: once it has blanked the client's address and browser
identity, no later code (logging, error reports, rate limits, cache keys) can store them, even by
mistake. rightsdesk never needs them: throttles are per account or site-wide.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# Headers that identify or fingerprint a client. Proxies add some; browsers send the others.
IDENTIFYING_META = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_CF_CONNECTING_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_VIA",
    "HTTP_SEC_CH_UA",
    "HTTP_SEC_CH_UA_PLATFORM",
    "HTTP_SEC_CH_UA_MOBILE",
    "HTTP_REFERER",
)
UNKNOWN_ADDRESS = "0.0.0.0"  # noqa: S104 - a placeholder value, never bound to


class ForgetClientMiddleware:
    """Blank every header and WSGI key that could identify the client before anything reads it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key in IDENTIFYING_META:
            request.META.pop(key, None)
        # Django expects REMOTE_ADDR to exist; give every client the same meaningless one.
        request.META["REMOTE_ADDR"] = UNKNOWN_ADDRESS
        return self.get_response(request)


class PrivacyHeadersMiddleware:
    """Headers Django does not set itself: no caching of pages, no powerful features, onion hint."""

    PERMISSIONS_POLICY = (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=(), browsing-topics=()"
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if not request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            # Pages may show case content: never keep them in a browser or proxy cache.
            response.headers["Cache-Control"] = "no-store"
        if settings.ONION_LOCATION and response.get("Content-Type", "").startswith("text/html"):
            response.headers["Onion-Location"] = settings.ONION_LOCATION + request.get_full_path()
        return response
