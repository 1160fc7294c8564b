"""Staff sign-in, sign-out, password change and recovery. Thin: parse, call a service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rightsdesk.accounts import services
from rightsdesk.accounts.decorators import signed_in_required, staff_user
from rightsdesk.accounts.forms import (
    LoginForm,
    LoginLinkForm,
    LoginLinkRequestForm,
    PasswordChangeForm,
    RecoveryForm,
)
from rightsdesk.accounts.models import User


def _start_session(request: HttpRequest, user: User, private_key: object) -> None:
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    otp_login(request, device)
    request.session.put_private_key(private_key)  # type: ignore[attr-defined]  # our store


def _home_of(user: User) -> str:
    """Where a person lands after signing in: the partner portal for a partner organisation's
    user, the staff dashboard for the team."""
    return "cases:home" if user.is_team else "partners:portal"


@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                unlocked = services.staff_login(
                    username=form.cleaned_data["username"],
                    password=form.cleaned_data["password"],
                    otp=form.cleaned_data["otp"],
                )
            except services.AccountError as error:
                form.add_error(None, error.message)
                status = 429 if isinstance(error, services.LoginThrottled) else 400
            else:
                _start_session(request, unlocked.user, unlocked.private_key)
                return redirect(_home_of(unlocked.user))
        else:
            status = 400
    context = {"form": form, "throttled": status == 429}
    return render(request, "accounts/login.html", context, status=status)


@require_http_methods(["GET", "POST"])
def login_link_request_view(request: HttpRequest) -> HttpResponse:
    """Ask for a sign-in link while the account is throttled; the answer never varies."""
    form = LoginLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.login_link_request(
            username=form.cleaned_data["username"],
            link_for=lambda token: request.build_absolute_uri(
                reverse("accounts:login_link", args=[token])
            ),
        )
        context = {"minutes": settings.LOGIN_LINK_MINUTES}
        return render(request, "accounts/login_link_sent.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/login_link_request.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def login_link_view(request: HttpRequest, token: str) -> HttpResponse:
    """Sign in through a mailed link. GET spends nothing (mail scanners open links)."""
    form = LoginLinkForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                unlocked = services.login_with_link(
                    token=token,
                    password=form.cleaned_data["password"],
                    otp=form.cleaned_data["otp"],
                )
            except services.AccountError as error:
                form.add_error(None, error.message)
            else:
                _start_session(request, unlocked.user, unlocked.private_key)
                return redirect(_home_of(unlocked.user))
    return render(request, "accounts/login_link.html", {"form": form}, status=status)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)  # flushes the session row, and with it the sealed key
    return redirect("accounts:login")


@signed_in_required
@require_http_methods(["GET", "POST"])
def password_change_view(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=staff_user(request),
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except services.AccountError as error:
            form.add_error("old_password", error.message)
        except ValidationError as error:
            form.add_error("new_password", error)
        else:
            update_session_auth_hash(
                request, staff_user(request)
            )  # rotates the key, keeps the vault
            messages.success(request, _("Your password was changed."))
            return redirect(_home_of(staff_user(request)))
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def recover_view(request: HttpRequest) -> HttpResponse:
    form = RecoveryForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                recovered = services.account_recover(
                    username=form.cleaned_data["username"],
                    recovery_code=form.cleaned_data["recovery_code"],
                    otp=form.cleaned_data["otp"],
                    new_password=form.cleaned_data["new_password"],
                )
            except services.AccountError as error:
                form.add_error(None, error.message)
                if isinstance(error, services.LoginThrottled):
                    status = 429
            except ValidationError as error:
                form.add_error("new_password", error)
            else:
                _start_session(request, recovered.user, recovered.private_key)
                return render(
                    request, "accounts/recovered.html", {"recovery_code": recovered.recovery_code}
                )
    return render(request, "accounts/recover.html", {"form": form}, status=status)
