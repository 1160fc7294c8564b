"""Parsing and limits of the directory: an organisation, a vetting, capacity, notes, the admins'
forms (a partner user, the override permission), the filters, the HSDS upload.

`PartnerForm` is the one definition of a valid directory entry: the staff pages and the HSDS
import (rightsdesk.partners.directory.hsds) both clean an organisation through it, so a limit
changed here holds for both. The services (rightsdesk.partners.services.directory) decide what
may be saved.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rightsdesk.cases.oncall.forms import ZoneField
from rightsdesk.core.countries import country_choices
from rightsdesk.core.regions import region_choices
from rightsdesk.partners.directory.display import language_codes
from rightsdesk.partners.remote.openpgp import KeyRefused, fingerprint_of
from rightsdesk.partners.services.directory import VETTING_MAX_DAYS
from rightsdesk.partners.vocabulary import Beneficiary, Service

NAME_MAX = 200
DESCRIPTION_MAX = 2000
LANGUAGES_MAX = 40
RESPONSE_HOURS_MAX = 24 * 30
CAPACITY_MAX = 10_000
OPENPGP_KEY_MAX = 100_000
NOTES_MAX = 8000
VOUCHED_MAX = 500
EVIDENCE_MAX = 4000
# An export of the whole directory is a few hundred kilobytes; a package past this is refused
# before it is opened (docs/partners.md, "The directory").
HSDS_MAX_BYTES = 5_000_000

_PHONE = re.compile(r"^\+?[0-9][0-9 ()./-]{2,39}$")
# A Signal phone number or username (letters, digits, "_" and ".", e.g. "team.01").
_SIGNAL = re.compile(r"^(\+?[0-9][0-9 ]{5,30}|[A-Za-z0-9_][A-Za-z0-9_.]{2,59})$")
_KEY_BEGIN = "-----BEGIN PGP PUBLIC KEY BLOCK-----"
_KEY_END = "-----END PGP PUBLIC KEY BLOCK-----"


def _codes(text: str) -> list[str]:
    return list(dict.fromkeys(part.lower() for part in re.split(r"[\s,;]+", text) if part))


class CodesField(forms.CharField):
    """ISO 639 language codes typed as "en, ar, fa" (a list of 40 checkboxes would be longer than
    the page); each must be one CLDR names."""

    def clean(self, value: Any) -> list[str]:
        codes = _codes(str(super().clean(value) or ""))
        unknown = [code for code in codes if code not in language_codes()]
        if unknown:
            raise forms.ValidationError(
                _("Unknown language code: %(codes)s. Use ISO 639 codes such as en, ar, fa.")
                % {"codes": ", ".join(unknown[:5])},
                code="language",
            )
        if len(codes) > LANGUAGES_MAX:
            raise forms.ValidationError(
                _("List at most %(max)d languages.") % {"max": LANGUAGES_MAX}, code="max"
            )
        return codes


def _checkboxes() -> forms.CheckboxSelectMultiple:
    return forms.CheckboxSelectMultiple()


class PartnerForm(forms.Form):
    """An organisation as the team keeps it (every clear field of `Partner`)."""

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX)
    description = forms.CharField(
        label=_("What they do"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    services = forms.MultipleChoiceField(
        label=_("Services"),
        choices=Service.choices,
        widget=_checkboxes(),
        error_messages={"required": _("Choose at least one service.")},
    )
    languages = CodesField(
        label=_("Languages"),
        max_length=400,
        help_text=_("ISO 639 codes separated by commas, e.g. en, ar, fa."),
        error_messages={"required": _("Give at least one language.")},
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    worldwide = forms.BooleanField(label=_("Works worldwide"), required=False)
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or ⌘) to choose more than one."),
    )
    regions = forms.MultipleChoiceField(
        label=_("Regions"), required=False, choices=region_choices, widget=_checkboxes()
    )
    serves = forms.MultipleChoiceField(
        label=_("Who they serve"), required=False, choices=Beneficiary.choices, widget=_checkboxes()
    )
    hours = forms.CharField(
        label=_("Hours"),
        max_length=200,
        required=False,
        help_text=_("As they state them, e.g. Mon-Fri 09:00-17:00."),
    )
    time_zone = ZoneField(label=_("Time zone"), initial="UTC")
    response_hours = forms.IntegerField(
        label=_("Committed response time (hours)"),
        min_value=1,
        max_value=RESPONSE_HOURS_MAX,
        initial=48,
    )
    capacity = forms.IntegerField(
        label=_("Open referrals they can take"), min_value=0, max_value=CAPACITY_MAX, initial=0
    )
    capacity_confirmed_on = forms.DateField(
        label=_("Capacity last confirmed on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    website = forms.URLField(
        label=_("Website"), max_length=300, required=False, assume_scheme="https"
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    signal = forms.CharField(label=_("Signal"), max_length=60, required=False)
    openpgp_key = forms.CharField(
        label=_("OpenPGP public key"),
        max_length=OPENPGP_KEY_MAX,
        required=False,
        help_text=_("The whole armored block, from BEGIN PGP PUBLIC KEY BLOCK to its END line."),
        widget=forms.Textarea(attrs={"rows": 4, "dir": "ltr", "spellcheck": "false"}),
    )
    openpgp_fingerprint = forms.CharField(
        label=_("OpenPGP fingerprint"),
        max_length=60,
        required=False,
        help_text=_(
            "40 hexadecimal characters, as the organisation published it. Compare it with "
            "them on another channel; it may also be left empty."
        ),
        widget=forms.TextInput(attrs={"dir": "ltr", "autocomplete": "off"}),
    )
    public = forms.BooleanField(
        label=_("They agreed to be listed on the public list of support organisations"),
        required=False,
    )
    do_not_refer = forms.BooleanField(
        label=_("Do not refer anyone to them for now (say why in the team's notes)"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "countries", country_choices())

    def clean_name(self) -> str:
        return " ".join(str(self.cleaned_data["name"]).split())

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data["phone"])
        if phone and not _PHONE.match(phone):
            raise forms.ValidationError(
                _("Write the phone number with digits, spaces and an optional + in front."),
                code="phone",
            )
        return phone

    def clean_signal(self) -> str:
        signal = str(self.cleaned_data["signal"])
        if signal and not _SIGNAL.match(signal):
            raise forms.ValidationError(
                _("Write a Signal phone number or username (letters, digits, _ and .)."),
                code="signal",
            )
        return signal

    def clean_openpgp_key(self) -> str:
        key = str(self.cleaned_data["openpgp_key"]).replace("\r\n", "\n").strip()
        if key and not (key.startswith(_KEY_BEGIN) and key.endswith(_KEY_END)):
            raise forms.ValidationError(
                _("Paste an armored OpenPGP public key, from its BEGIN line to its END line."),
                code="openpgp_key",
            )
        return key

    def clean_openpgp_fingerprint(self) -> str:
        text = "".join(str(self.cleaned_data["openpgp_fingerprint"]).split()).upper()
        if text and not re.fullmatch(r"[0-9A-F]{40}", text):
            raise forms.ValidationError(
                _("A fingerprint is 40 hexadecimal characters (0-9, A-F); spaces are ignored."),
                code="fingerprint",
            )
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            not data.get("worldwide")
            and not data.get("countries")
            and not data.get("regions")
            and "countries" not in self.errors
        ):
            self.add_error("countries", _("Say where they work: countries, regions, or worldwide."))
        if data.get("openpgp_fingerprint") and not data.get("openpgp_key"):
            self.add_error("openpgp_key", _("Paste the key this fingerprint belongs to."))
        elif data.get("openpgp_key"):
            self._check_key(data)
        return data

    def _check_key(self, data: dict[str, Any]) -> None:
        """GnuPG (offline) reads the key: it must be exactly one usable public key, and a
        fingerprint typed beside it must be its own; the stored fingerprint is the key's."""
        try:
            found = fingerprint_of(str(data["openpgp_key"]))
        except KeyRefused as refused:
            self.add_error("openpgp_key", refused.message)
            return
        given = data.get("openpgp_fingerprint")
        if given and given != found:
            self.add_error(
                "openpgp_fingerprint",
                _("The fingerprint does not match the key: check both with the organisation."),
            )
            return
        data["openpgp_fingerprint"] = found

    def values(self) -> dict[str, Any]:
        """The cleaned values `partner_save` takes (call after `is_valid`)."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


def partner_initial(partner: Any) -> dict[str, Any]:
    """A partner's clear fields as the form's initial data."""
    initial = {
        name: getattr(partner, name) for name in PartnerForm.base_fields if name != "version"
    }
    initial["languages"] = ", ".join(partner.languages)
    initial["version"] = partner.version
    return initial


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class VettingForm(forms.Form):
    vouched_by = forms.CharField(
        label=_("Who vouched for them"),
        max_length=VOUCHED_MAX,
        help_text=_("A network, an organisation or a person the team trusts. Sealed."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        max_length=EVIDENCE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the team checked and how. Sealed."),
    )
    vetted_on = forms.DateField(label=_("Vetted on"), widget=DateInput())
    expires_on = forms.DateField(label=_("Valid until"), widget=DateInput())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("vetted_on"), data.get("expires_on")
        if isinstance(start, date) and isinstance(end, date):
            if end < start:
                self.add_error("expires_on", _("The vetting must end after it starts."))
            elif (end - start).days > VETTING_MAX_DAYS:
                self.add_error("expires_on", _("A vetting lasts at most three years."))
        return data


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Open referrals they can take now"), min_value=0, max_value=CAPACITY_MAX
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class NotesForm(forms.Form):
    notes = forms.CharField(
        label=_("Internal notes"),
        max_length=NOTES_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the team sees these; they are sealed in the database."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MemberForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )
    password = forms.CharField(
        label=_("First password"),
        max_length=settings.PASSWORD_MAX_LENGTH,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Give it to them on another channel than the username; they can change it."),
    )


class OverrideForm(forms.Form):
    """Give (allowed=1) or take (allowed=0) the permission to ask to refer without consent."""

    username = forms.CharField(max_length=150, widget=forms.HiddenInput)
    allowed = forms.TypedChoiceField(
        choices=(("1", "1"), ("0", "0")), coerce=lambda v: v == "1", widget=forms.HiddenInput
    )


def _blank(label: Any) -> list[tuple[str, Any]]:
    return [("", label)]


class DirectoryFilterForm(forms.Form):
    """The staff list's filters (GET). An unknown value is an error, shown, and ignored."""

    service = forms.ChoiceField(label=_("Service"), required=False)
    language = forms.CharField(
        label=_("Language code"),
        max_length=8,
        required=False,
        widget=forms.TextInput(attrs={"size": 6, "dir": "ltr"}),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    region = forms.ChoiceField(label=_("Region"), required=False)
    vetting = forms.ChoiceField(
        label=_("Vetting"),
        required=False,
        choices=[("", _("Any")), ("valid", _("Valid today")), ("expired", _("Expired or none"))],
    )
    public = forms.ChoiceField(
        label=_("Public list"),
        required=False,
        choices=[("", _("Any")), ("yes", _("Listed")), ("no", _("Not listed"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "service", _blank(_("Any")) + list(Service.choices))
        _set_choices(self, "country", _blank(_("Any")) + country_choices())
        _set_choices(self, "region", _blank(_("Any")) + region_choices())

    def clean_language(self) -> str:
        code = str(self.cleaned_data["language"]).strip().lower()
        if code and code not in language_codes():
            raise forms.ValidationError(_("Unknown language code."), code="language")
        return code


def _set_choices(form: forms.Form, name: str, choices: list[tuple[str, Any]]) -> None:
    field = form.fields[name]
    if isinstance(field, forms.ChoiceField):
        field.choices = choices


class PublicFilterForm(forms.Form):
    """The public list's filters (GET): only what the listed organisations offer is offered."""

    service = forms.ChoiceField(label=_("Help with"), required=False)
    language = forms.ChoiceField(label=_("Language"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)

    def __init__(self, *args: Any, languages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_choices(self, "service", _blank(_("Any kind of help")) + list(Service.choices))
        _set_choices(self, "language", _blank(_("Any language")) + languages)
        _set_choices(self, "country", _blank(_("Any country")) + country_choices())


class ImportForm(forms.Form):
    package = forms.FileField(label=_("HSDS data package (.zip)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["package"].help_text = _("At most %(mb)d MB.") % {
            "mb": HSDS_MAX_BYTES // 1_000_000
        }

    def clean_package(self) -> Any:
        package = self.cleaned_data["package"]
        if (package.size or 0) > HSDS_MAX_BYTES:
            raise forms.ValidationError(
                _("The package is larger than %(mb)d MB.") % {"mb": HSDS_MAX_BYTES // 1_000_000},
                code="size",
            )
        return package
