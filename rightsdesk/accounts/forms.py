"""Forms for the staff sign-in pages. They only parse; services decide."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def password_field(label: StrOrPromise) -> forms.CharField:
    """A password input that keeps spaces and refuses more than PASSWORD_MAX_LENGTH."""
    return forms.CharField(
        label=label,
        widget=forms.PasswordInput,
        max_length=settings.PASSWORD_MAX_LENGTH,
        strip=False,
    )


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = password_field(_("Password"))
    otp = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class LoginLinkRequestForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)


class LoginLinkForm(forms.Form):
    """Signing in through a mailed link: the link names the account, the person proves it."""

    password = password_field(_("Password"))
    otp = LoginForm.base_fields["otp"]


class PasswordChangeForm(forms.Form):
    old_password = password_field(_("Current password"))
    new_password = password_field(_("New password"))
    new_password_again = password_field(_("New password, again"))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("new_password") != data.get("new_password_again"):
            raise forms.ValidationError(_("The two new passwords differ."))
        return data


class RecoveryForm(PasswordChangeForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    recovery_code = forms.CharField(label=_("Recovery code"), max_length=100)
    otp = LoginForm.base_fields["otp"]
    old_password = None  # type: ignore[assignment]  # recovery replaces the old password

    field_order = ("username", "recovery_code", "otp", "new_password", "new_password_again")
