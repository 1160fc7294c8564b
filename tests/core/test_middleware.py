"""ForgetClientMiddleware: nothing downstream sees who the client is."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from rightsdesk.core.middleware import IDENTIFYING_META, UNKNOWN_ADDRESS, ForgetClientMiddleware


def test_identifying_headers_are_gone_before_the_view() -> None:
    seen: dict[str, str] = {}

    def view(request: HttpRequest) -> HttpResponse:
        seen.update({k: str(v) for k, v in request.META.items()})
        return HttpResponse("ok")

    request = RequestFactory().get(
        "/",
        REMOTE_ADDR="192.0.2.1",
        HTTP_USER_AGENT="Mozilla/5.0 canary",
        HTTP_X_FORWARDED_FOR="192.0.2.2",
        HTTP_X_REAL_IP="192.0.2.3",
        HTTP_FORWARDED="for=192.0.2.4",
        HTTP_REFERER="https://example.org/secret-page",
    )
    ForgetClientMiddleware(view)(request)
    assert seen["REMOTE_ADDR"] == UNKNOWN_ADDRESS
    for key in IDENTIFYING_META:
        if key != "REMOTE_ADDR":
            assert key not in seen
    assert "192.0.2" not in repr(seen)
    assert "canary" not in repr(seen)
