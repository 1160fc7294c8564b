"""Refuse form posts that are not UTF-8, once for every view, before anything reads them.

Why: Django 6.1 refuses a urlencoded body declared in another charset (latin-1, utf-7,
utf-16...) with BadRequest the first time `request.POST` is read, which is inside the CSRF
check; its 400 view then runs the CSRF check again, reads `request.POST` again, and that second
error escapes to gunicorn's bare 500 page, without our CSP or privacy headers. An unknown codec
name is ignored by Django (read as UTF-8), and percent-encoded bytes that are not UTF-8
(`caf%E9`) become U+FFFD silently, so a login could count a failure against a garbled name or a
report keep mangled text. Our forms are UTF-8 only (every page says `<meta charset="utf-8">`);
anything else is a client we cannot read correctly, so it gets a translated 400 page in our
own base template and nothing else happens: no view, no CSRF check, no write.

What is checked: the `charset` parameter of `application/x-www-form-urlencoded` and
`multipart/form-data` posts (absent, or `utf-8` in any case), and every urlencoded name and value
after percent-decoding (strict UTF-8). Multipart bodies are not read here (their files stream
through the encrypting upload handler); raw non-UTF-8 bytes inside a multipart text field are
still decoded by Django with replacement characters. The JSON API (`/api/`) has its own parser
and error shapes and is left to it.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
METHODS_WITH_FORMS = ("POST", "PUT", "PATCH")


def _is_utf8(charset: str) -> bool:
    # Exactly the spelling Django accepts for urlencoded bodies (any case): an alias such as
    # "utf8" would pass codecs.lookup but still fail in Django's parser.
    return charset.lower() == "utf-8"


def _urlencoded_is_utf8(body: bytes) -> bool:
    for pair in body.split(b"&"):
        for part in pair.split(b"=", 1):
            try:
                unquote_to_bytes(part.replace(b"+", b" ")).decode("utf-8")
            except UnicodeDecodeError:
                return False
    return True


def readable_form(request: HttpRequest) -> bool:
    """False when the request carries a form we would not read exactly as it was sent."""
    if request.method not in METHODS_WITH_FORMS or request.content_type not in FORM_TYPES:
        return True
    charset = request.content_params.get("charset") if request.content_params else None
    if charset is not None and not _is_utf8(charset):
        return False
    if request.content_type == FORM_TYPES[0]:
        # Bounded by DATA_UPLOAD_MAX_MEMORY_SIZE; Django would read it into memory next anyway.
        return _urlencoded_is_utf8(request.body)
    return True


class FormEncodingMiddleware:
    """A translated 400 page for forms that are not UTF-8 (see the module docstring).

    Sits after LocaleMiddleware (the page is in the visitor's language) and before
    CsrfViewMiddleware (the first reader of `request.POST`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/") and not readable_form(request):
            return render(request, "core/form_encoding.html", status=400)
        return self.get_response(request)
