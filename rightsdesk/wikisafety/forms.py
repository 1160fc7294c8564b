"""Forms of the wikis' pages and the API (the same limits and messages for both)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rightsdesk.wikisafety.mediawiki.answers import api_parts

# The namespaces an admin picks from (MediaWiki's numbers; the File namespace, 6, is always read
# for the photo check).
NAMESPACES = (
    (0, _("Articles (0)")),
    (1, _("Talk (1)")),
    (2, _("User pages (2)")),
    (3, _("User talk pages (3)")),
    (4, _("Project pages (4)")),
    (5, _("Project talk (5)")),
    (6, _("File pages (6)")),
    (7, _("File talk (7)")),
    (10, _("Templates (10)")),
    (11, _("Template talk (11)")),
    (14, _("Categories (14)")),
    (15, _("Category talk (15)")),
)
DEFAULT_NAMESPACES = [0, 1, 2, 3, 6]


class BotForm(forms.Form):
    bot_username = forms.CharField(
        label=_("Bot user name"),
        max_length=255,
        help_text=_("A bot password's name: Account@appid (Special:BotPasswords)."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )
    bot_password = forms.CharField(
        label=_("Bot password"),
        max_length=200,
        strip=False,
        help_text=_("Sealed before it is stored; never shown again."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "dir": "ltr"}),
    )


class WikiForm(BotForm):
    field_order = ("name", "api_url", "namespaces", "language", "bot_username", "bot_password")

    name = forms.CharField(label=_("Name"), max_length=100)
    api_url = forms.CharField(
        label=_("Action API address"),
        max_length=300,
        help_text=_("The wiki's api.php, for example https://fa.wikipedia.org/w/api.php"),
        widget=forms.URLInput(attrs={"dir": "ltr", "inputmode": "url"}),
    )
    namespaces = forms.TypedMultipleChoiceField(
        label=_("Namespaces to watch"),
        choices=NAMESPACES,
        coerce=int,
        initial=DEFAULT_NAMESPACES,
        widget=forms.CheckboxSelectMultiple,
    )
    language = forms.ChoiceField(
        label=_("Language of the wiki"),
        help_text=_("A hint for detection (phone numbers, addresses)."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = [(code, f"{name} ({code})") for code, name in settings.LANGUAGES]
        extra = [("de", "Deutsch (de)"), ("it", "Italiano (it)"), ("tr", "Türkçe (tr)")]
        known = {code for code, _label in codes}
        language = self.fields["language"]
        if isinstance(language, forms.ChoiceField):
            language.choices = codes + [c for c in extra if c[0] not in known]

    def clean_api_url(self) -> str:
        value = str(self.cleaned_data["api_url"]).strip()
        try:
            api_parts(value)
        except ValueError as error:
            raise forms.ValidationError(
                _("Enter the address of the wiki's api.php (http or https, ending in /api.php).")
            ) from error
        return value


class WatchingForm(forms.Form):
    watched = forms.TypedChoiceField(
        choices=(("1", "1"), ("0", "0")), coerce=lambda v: v == "1", widget=forms.HiddenInput
    )
