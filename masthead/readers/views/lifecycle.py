"""Leaving and coming back: the account deletion page and the restore link's page.

Deleting asks for the password (or, for an account without one, allauth's reauthentication by
code or second factor) and a ticked confirmation. The restore link only shows a button on GET:
mail scanners that follow links must not reopen an account; the POST does.
"""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms.profile import AccountDeleteForm
from ..selectors import user_is_staff_member
from ..selectors.lifecycle import RESTORE_GRACE, RestoreLinkState, account_restore_link_read
from ..services.lifecycle import account_close, account_restore


def _without_password(request: HttpRequest) -> bool:
    return not request.user.has_usable_password()  # type: ignore[union-attr]


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(enabled=_without_password)
def account_delete(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_is_staff_member(user):  # type: ignore[arg-type]
        response = render(request, "readers/account_delete.html", {"is_staff": True}, status=403)
        add_never_cache_headers(response)
        return response
    form = AccountDeleteForm(request.POST or None, user=user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        account_close(user=user, request=request)  # type: ignore[arg-type]
        logout(request)
        messages.success(
            request,
            _(
                "Your account is closed. We sent you an e-mail with a link that restores it "
                "within %(days)d days."
            )
            % {"days": RESTORE_GRACE.days},
        )
        return HttpResponseRedirect("/")
    response = render(
        request,
        "readers/account_delete.html",
        {"form": form, "grace_days": RESTORE_GRACE.days},
    )
    add_never_cache_headers(response)
    return response


@require_http_methods(["GET", "POST"])
def account_restore_view(request: HttpRequest, token: str) -> HttpResponse:
    link = account_restore_link_read(token=token)
    if link.state is RestoreLinkState.VALID and request.method == "POST":
        assert link.closure is not None  # nosec: VALID always carries its closure
        if account_restore(closure=link.closure) is None:
            return account_restore_view(request, token)  # gone meanwhile: say why
        messages.success(request, _("Welcome back! Your account is restored. Log in to go on."))
        login_url = reverse("account_login")
        return HttpResponseRedirect(
            f"{login_url}?{urlencode({'next': reverse('readers_profile')})}"
        )
    status = {
        RestoreLinkState.VALID: 200,
        RestoreLinkState.EXPIRED: 410,
        RestoreLinkState.TAMPERED: 400,
        RestoreLinkState.USED: 409,
        RestoreLinkState.SUPERSEDED: 409,
    }[link.state]
    response = render(
        request,
        "readers/account_restore.html",
        {"state": link.state.value, "closure": link.closure, "grace_days": RESTORE_GRACE.days},
        status=status,
    )
    add_never_cache_headers(response)
    return response
