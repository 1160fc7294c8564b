"""Every API error has the same shape: {"error": code, "message": translated text}."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse


def api_error(code: str, message: object, status: int, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": code, "message": str(message), **extra}, status=status)


def form_errors(form: Any) -> dict[str, list[str]]:
    """A form's errors as {field: [translated messages]}."""
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}
