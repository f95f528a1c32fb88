"""allauth's entrance forms with the captcha: sign-up, password reset, log-in codes, log-in.

Wired through ACCOUNT_FORMS (config/settings/base.py). Sign-up, password recovery and the
request for a log-in code (all three send e-mail) always carry the check; log-in carries it
after repeated failures for the address typed or from the client's IP address (captcha.py
counts them). The check is a form field, cleaned before the
form's own `clean()`, so a log-in without a valid solution never reaches the password hasher
and never counts against allauth's rate limits.

What the person typed stays in the form when the check fails; passwords never do (Django's
password inputs do not render their value).
"""

from __future__ import annotations

from typing import Any

from allauth.account.forms import (
    LoginForm,
    RequestLoginCodeForm,
    ResetPasswordForm,
    SignupForm,
)
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ..captcha import captcha_solution_verify, login_needs_captcha

CAPTCHA_FIELD = "captcha"


class CaptchaWidget(forms.Widget):
    """A hidden input for the solution and a live status line the script keeps up to date.

    Rendered with the project's template engine (Django's form renderer only searches app
    directories, and the site's templates live in masthead/templates). The value is never
    rendered back: a solution is good once, the script fetches a new challenge per page.
    """

    template_name = "account/widgets/captcha.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, "", attrs)
        context["challenge_url"] = reverse("captcha_challenge")
        context["described_by"] = context["widget"]["attrs"].get("aria-describedby", "")
        return context

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        return render_to_string(self.template_name, self.get_context(name, value, attrs))

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        """None when the form was sent without the widget on it, "" when its script did not run."""
        if name not in data:
            return None
        return str(data.get(name) or "")

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return False


class CaptchaField(forms.Field):
    """The proof-of-work solution, verified (and spent) when the form is cleaned."""

    widget = CaptchaWidget

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Anti-robot check"))
        kwargs.setdefault(
            "help_text",
            _(
                "Your browser does a few seconds of arithmetic to show it is not a robot "
                "sending forms in bulk. There is nothing to solve."
            ),
        )
        super().__init__(required=True, **kwargs)

    def clean(self, value: str | None) -> str:
        if value is None:
            raise forms.ValidationError(
                _(
                    "This form now needs an anti-robot check. It is running below: send the "
                    "form again once it says it is done."
                ),
                code="captcha_required",
            )
        captcha_solution_verify(value)
        return value


class CaptchaLoginForm(LoginForm):  # type: ignore[misc]  # allauth: untyped
    """allauth's log-in form; the check appears after repeated failures.

    Per-account protection is this check, not a lock-out: a lock-out per address would let
    anyone lock the real owner out by typing wrong passwords for them. The per-IP limit of
    allauth's `login_failed` rate stops a single machine.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request: HttpRequest | None = self.request
        email = str(self.data.get("login") or "") if self.is_bound else ""
        if request is not None and login_needs_captcha(request, email=email):
            self.fields[CAPTCHA_FIELD] = CaptchaField()


class CaptchaSignupForm(SignupForm):  # type: ignore[misc]  # allauth: untyped
    """allauth's sign-up form (with SignupExtraForm's fields) and the check, always."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[CAPTCHA_FIELD] = CaptchaField()

    def try_save(self, request: HttpRequest) -> Any:
        """Hash the password even for a known address, as creating an account would.

        allauth answers a sign-up with a registered address exactly like a new one (and
        mails the owner), but skips the password hash: a stopwatch would tell the two apart.
        """
        password = self.cleaned_data.get("password1")
        if self.account_already_exists and password:
            make_password(password)
        return super().try_save(request)


class CaptchaResetPasswordForm(ResetPasswordForm):  # type: ignore[misc]  # allauth: untyped
    """allauth's password recovery form and the check, always (it sends e-mail)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[CAPTCHA_FIELD] = CaptchaField()


class CaptchaRequestLoginCodeForm(RequestLoginCodeForm):  # type: ignore[misc]  # allauth: untyped
    """allauth's "send me a log-in code" form and the check, always (it sends e-mail).

    allauth looks the address up and spends its per-address rate limit (`request_login_code`)
    in `clean_email`, which runs before the check's field is cleaned. Here that step waits
    until the check has passed: a robot that cannot solve it never uses up the owner's
    allowance of codes, and an unsolved form is answered the same for every address.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[CAPTCHA_FIELD] = CaptchaField()

    def clean_email(self) -> str:
        return str(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        if not self.has_error(CAPTCHA_FIELD) and self.cleaned_data.get("email"):
            try:
                self.cleaned_data["email"] = super().clean_email()
            except forms.ValidationError as refused:
                self.add_error("email", refused)
        cleaned: dict[str, Any] = super().clean()
        return cleaned
