"""The admin form for a social log-in provider (allauth's SocialApp), one form for all of them.

The site operator registers Masthead with Google, Facebook, Apple, X, VK or any OpenID Connect
server, then copies what the provider gave into this form. Each provider names its values
differently; the help texts say which is which, and `clean()` asks for what that provider needs
(an OpenID Connect server's address, Apple's private key) with a message naming the field.
The viewset lives in wagtail_hooks.py.
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers import registry
from django import forms
from django.core.validators import validate_slug
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from masthead.core.origin import public_origin

OPENID_CONNECT = "openid_connect"
APPLE = "apple"
# Settings with a field of their own; everything else stays in "Other settings (JSON)".
OWN_FIELDS = {"server_url": OPENID_CONNECT, "certificate_key": APPLE}


def provider_choices() -> list[tuple[str, str]]:
    """The providers whose allauth apps are installed (config/settings/base.py)."""
    return sorted(
        ((provider.id, str(provider.name)) for provider in registry.get_class_list()),
        key=lambda choice: choice[1].lower(),
    )


def provider_callback_url(*, provider: str, provider_id: str = "") -> str:
    """The address to register at the provider as the redirect (callback) URL."""
    base = public_origin()
    try:
        if provider == OPENID_CONNECT:
            path = reverse(f"{provider}_callback", kwargs={"provider_id": provider_id or "ID"})
        else:
            path = reverse(f"{provider}_callback")
    except NoReverseMatch:
        return ""
    return f"{base}{path}"


class SocialAppForm(WagtailAdminModelForm):  # type: ignore[misc]  # Wagtail: untyped
    server_url = forms.URLField(
        label=_("Server address"),
        required=False,
        assume_scheme="https",
        help_text=_(
            "OpenID Connect only: the issuer's address, where "
            "/.well-known/openid-configuration is found (https://id.example.org/realms/news)."
        ),
    )
    certificate_key = forms.CharField(
        label=_("Private key"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "spellcheck": "false"}),
        help_text=_(
            "Apple only: the whole .p8 key file Apple let you download once, from "
            "-----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----."
        ),
    )

    class Meta:
        model = SocialApp
        fields = ["provider", "name", "provider_id", "client_id", "secret", "key", "settings"]
        labels = {
            "provider": _("Provider"),
            "name": _("Button label"),
            "provider_id": _("Identifier"),
            "client_id": _("Client ID"),
            "secret": _("Client secret"),
            "key": _("Key"),
            "settings": _("Other settings (JSON)"),
        }
        help_texts = {
            "name": _("What the log-in button says, e.g. “Google” or “Newsroom staff”."),
            "provider_id": _(
                "OpenID Connect only: a short word of your choice, used in the callback "
                "address (letters, digits, hyphens), e.g. “staff-sso”."
            ),
            "client_id": _(
                "Google: Client ID. Facebook: App ID. Apple: Services ID. X: OAuth 2.0 Client "
                "ID. VK: App ID. OpenID Connect: client ID."
            ),
            "secret": _(
                "Google, X, OpenID Connect: client secret. Facebook: App secret. VK: secure "
                "key. Apple: the Key ID of your private key."
            ),
            "key": _("Apple only: your Team ID (the App ID prefix). Leave empty otherwise."),
            "settings": _(
                'Rarely needed: allauth\'s per-app settings, e.g. {"scope": ["email"]}. '
                "Leave {} if unsure."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        callbacks = "; ".join(
            f"{name}: {provider_callback_url(provider=provider_id)}"
            for provider_id, name in provider_choices()
        )
        self.fields["provider"] = forms.ChoiceField(
            label=_("Provider"),
            choices=[("", "---------"), *provider_choices()],
            help_text=_(
                "Register this site with the provider first, giving it the callback address: "
                "%(callbacks)s (ID is the identifier below)."
            )
            % {"callbacks": callbacks},
        )
        stored = dict(self.instance.settings or {})
        for name in OWN_FIELDS:
            self.initial.setdefault(name, stored.pop(name, ""))
        self.initial["settings"] = stored
        self.fields["settings"].required = False
        self.order_fields(
            [
                "provider",
                "name",
                "provider_id",
                "server_url",
                "client_id",
                "secret",
                "key",
                "certificate_key",
                "settings",
            ]
        )

    def clean_settings(self) -> dict[str, Any]:
        value = self.cleaned_data.get("settings") or {}
        if not isinstance(value, dict):
            raise forms.ValidationError(
                _("Write the settings as a JSON object, between {}."), code="settings_not_object"
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        provider = cleaned.get("provider")
        if not provider:
            return cleaned
        required = ["client_id"]
        if provider == OPENID_CONNECT:
            required += ["provider_id", "server_url", "secret"]
        elif provider == APPLE:
            required += ["secret", "key", "certificate_key"]
        else:
            required += ["secret"]
        for name in required:
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(
                    name,
                    forms.ValidationError(
                        _("%(provider)s needs this field.") % {"provider": self._label(provider)},
                        code="required_for_provider",
                    ),
                )
        if provider == OPENID_CONNECT:
            self._clean_provider_id(cleaned.get("provider_id") or "")
        else:
            cleaned["provider_id"] = ""
            others = SocialApp.objects.filter(provider=provider).exclude(pk=self.instance.pk)
            if others.exists():
                self.add_error(
                    "provider",
                    forms.ValidationError(
                        _("%(provider)s is already set up: edit that one instead.")
                        % {"provider": self._label(provider)},
                        code="provider_exists",
                    ),
                )
        for name, owner in OWN_FIELDS.items():
            if provider != owner:
                cleaned[name] = ""
        return cleaned

    def _clean_provider_id(self, provider_id: str) -> None:
        if not provider_id:
            return
        try:
            validate_slug(provider_id)
        except forms.ValidationError:
            self.add_error(
                "provider_id",
                forms.ValidationError(
                    _("Use only letters, digits, hyphens and underscores."),
                    code="provider_id_invalid",
                ),
            )
            return
        taken = SocialApp.objects.filter(provider_id=provider_id).exclude(pk=self.instance.pk)
        if taken.exists() or provider_id in dict(provider_choices()):
            self.add_error(
                "provider_id",
                forms.ValidationError(
                    _("Another provider already uses this identifier."), code="provider_id_taken"
                ),
            )

    @staticmethod
    def _label(provider: str) -> str:
        return dict(provider_choices()).get(provider, provider)

    def save(self, commit: bool = True) -> SocialApp:
        app = super().save(commit=False)
        stored = dict(self.cleaned_data.get("settings") or {})
        for name in OWN_FIELDS:
            value = (self.cleaned_data.get(name) or "").strip()
            if value:
                stored[name] = value
        app.settings = stored
        if commit:
            app.save()
            self.save_m2m()
        return app
