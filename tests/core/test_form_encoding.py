"""Form posts that are not UTF-8 get our translated 400 page, with our headers, and change nothing.

The client enforces CSRF and sends a valid token, as a browser would: the failure being guarded
against is Django's own 400 view re-reading `request.POST` inside its CSRF check (under gunicorn
that became a bare 500 page without our headers).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote_plus

import pytest
from django.test import Client

from rightsdesk.accounts.models import LoginThrottle
from rightsdesk.audit.models import AuditEntry
from rightsdesk.cases.models import Case
from rightsdesk.community.models import Member

FORMS = ["/report/", "/inbox/", "/inbox/login/", "/staff/login/", "/language/", "/community/join/"]
CHARSETS = ["latin-1", "iso-8859-1", "utf-7", "utf-16", "cp1256", "utf8", "no-such-codec"]
MESSAGE = "This form could not be read"


def browser(path: str) -> tuple[Client, str]:
    """A CSRF-enforcing client holding a CSRF token from a page, as a browser would."""
    client = Client(enforce_csrf_checks=True)
    client.get("/staff/login/")
    return client, client.cookies["csrftoken"].value


def fields(token: str) -> dict[str, str]:
    return {
        "csrfmiddlewaretoken": token,
        "username": "hana-café",
        "password": "wrong password entirely",
        "otp": "123456",
        "language": "fr",
        "next": "/",
        "pseudonym": "Lantern-é",
        "kind": "individual",
        "interests": "safety",
        "receipt": "1234 5678 9012 3456 7890",
        "narrative": "café",
    }


def urlencoded(data: dict[str, str], charset: str) -> bytes:
    encoding = "utf-8" if charset in ("no-such-codec", "utf8") else charset
    return "&".join(
        f"{quote_plus(k, encoding=encoding)}={quote_plus(v, encoding=encoding)}"
        for k, v in data.items()
    ).encode("ascii")


def post(client: Client, path: str, body: bytes, content_type: str) -> Any:
    return client.generic("POST", path, body, content_type=content_type)


def assert_refused_cleanly(response: Any) -> None:
    assert response.status_code == 400
    text = response.content.decode()
    assert MESSAGE in text
    assert '<html lang="' in text  # our base template
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cache-Control"] == "no-store"
    assert "Permissions-Policy" in response


def assert_nothing_changed(client: Client) -> None:
    assert LoginThrottle.objects.count() == 0
    assert Member.objects.count() == 0
    assert Case.objects.count() == 0
    assert not AuditEntry.objects.exists()
    assert "django_language" not in client.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("charset", CHARSETS)
def test_urlencoded_in_another_charset(path: str, charset: str) -> None:
    client, token = browser(path)
    body = urlencoded(fields(token), charset)
    ctype = f"application/x-www-form-urlencoded; charset={charset}"
    assert_refused_cleanly(post(client, path, body, ctype))
    assert_nothing_changed(client)


@pytest.mark.django_db
@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize("charset", ["latin-1", "utf-16", "no-such-codec"])
def test_multipart_in_another_charset(path: str, charset: str) -> None:
    client, token = browser(path)
    parts = b"".join(
        b'--XyZ\r\nContent-Disposition: form-data; name="%s"\r\n\r\n%s\r\n'
        % (name.encode(), value.encode("utf-8"))
        for name, value in fields(token).items()
    )
    ctype = f"multipart/form-data; boundary=XyZ; charset={charset}"
    assert_refused_cleanly(post(client, path, parts + b"--XyZ--\r\n", ctype))
    assert_nothing_changed(client)


@pytest.mark.django_db
@pytest.mark.parametrize("path", FORMS)
@pytest.mark.parametrize(
    "bad", ["caf%E9", "%FF%FE", "%C3", "x%ED%A0%80"]
)  # latin-1, BOM, cut, surrogate
def test_percent_encoded_bytes_that_are_not_utf8(path: str, bad: str) -> None:
    client, token = browser(path)
    body = f"csrfmiddlewaretoken={token}&username={bad}&password=x&otp=1&language={bad}"
    assert_refused_cleanly(post(client, path, body.encode(), "application/x-www-form-urlencoded"))
    assert_nothing_changed(client)


@pytest.mark.django_db
def test_the_page_is_translated() -> None:
    client, _token = browser("/staff/login/")
    client.cookies["django_language"] = "fr"
    response = post(
        client, "/staff/login/", b"username=caf%E9", "application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("charset", ["", "; charset=utf-8", "; charset=UTF-8"])
def test_utf8_forms_still_reach_the_view(charset: str) -> None:
    client, token = browser("/staff/login/")
    body = urlencoded(fields(token), "utf-8")
    response = post(client, "/staff/login/", body, "application/x-www-form-urlencoded" + charset)
    assert response.status_code == 400  # the login view's own answer: wrong password
    assert "That did not work" in response.content.decode()
    assert LoginThrottle.objects.count() == 1
