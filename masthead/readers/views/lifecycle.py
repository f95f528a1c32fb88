"""Leaving and coming back: the deletion page, the closed-account page, the restore link's page.

Deleting asks for the password (or, for an account without one, allauth's reauthentication by
code or second factor) and a ticked confirmation. The restore link only shows a button on GET:
mail scanners that follow links must not reopen an account; the POST does.

A closed account's owner who logs in (password, code or social network: allauth's
`respond_user_inactive`, see adapter.py) is sent to the closed-account page, which says when
the account will be erased and that the restore link was e-mailed, and offers to send it
again. Which account it was is remembered in the session for a quarter of an hour, and only
after a successful authentication. Sending the link again answers the same whatever the
address (no enumeration), needs the anti-robot check and is rate limited
(`ACCOUNT_RATE_LIMITS["restore_link"]`, allauth's limiter).
"""

from __future__ import annotations

import time
from typing import Any

from allauth.account.decorators import reauthentication_required
from allauth.core import ratelimit
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

from ..forms.profile import AccountDeleteForm, RestoreLinkRequestForm
from ..models import AccountClosure, User
from ..selectors import user_is_staff_member
from ..selectors.lifecycle import (
    RESTORE_GRACE,
    RestoreLinkState,
    account_closure_of,
    account_restore_link_read,
)
from ..services.lifecycle import account_close, account_restore, account_restore_link_resend

CLOSED_ACCOUNT_SESSION_KEY = "readers_closed_account"
CLOSED_ACCOUNT_REMEMBERED_SECONDS = 15 * 60
RESTORE_LINK_RATE_LIMIT_ACTION = "restore_link"


def _without_password(request: HttpRequest) -> bool:
    return not request.user.has_usable_password()  # type: ignore[union-attr]


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(enabled=_without_password)  # type: ignore[untyped-decorator]  # allauth: untyped
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


# --- A closed account tries to log in -----------------------------------------------------------


def closed_account_remember(request: HttpRequest, user: User) -> None:
    """After a successful authentication of a closed account: which one, for its page."""
    request.session[CLOSED_ACCOUNT_SESSION_KEY] = {"user": user.pk, "at": int(time.time())}


def _closed_account_remembered(request: HttpRequest) -> AccountClosure | None:
    remembered = request.session.get(CLOSED_ACCOUNT_SESSION_KEY)
    if not isinstance(remembered, dict):
        return None
    if time.time() - float(remembered.get("at", 0)) > CLOSED_ACCOUNT_REMEMBERED_SECONDS:
        request.session.pop(CLOSED_ACCOUNT_SESSION_KEY, None)
        return None
    user_id = remembered.get("user")
    if not isinstance(user_id, int):
        return None
    user = User.objects.filter(pk=user_id, is_active=False).first()
    return account_closure_of(user) if user is not None else None


@require_http_methods(["GET", "POST"])
def account_closed(request: HttpRequest) -> HttpResponse:
    """The closed account's page: when it is erased, where the link is, the link again."""
    closure = _closed_account_remembered(request)
    initial = {"email": closure.user.email} if closure is not None else {}
    form = RestoreLinkRequestForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip().lower()
        if ratelimit.consume(request, action=RESTORE_LINK_RATE_LIMIT_ACTION, key=email):
            account_restore_link_resend(email=email, request=request)
            messages.success(
                request,
                _(
                    "If a closed account uses this address, a new link to restore it is on "
                    "its way. It can take a few minutes; look in your spam folder too."
                ),
            )
            return HttpResponseRedirect(reverse("readers_account_closed"))
        form.add_error(
            None,
            _(
                "You have asked for this link several times already. Look for the e-mails "
                "we sent (in your spam folder too), or try again in an hour."
            ),
        )
        status = 429
    elif request.method == "POST":
        status = 400
    context: dict[str, Any] = {"form": form, "closure": closure, "grace_days": RESTORE_GRACE.days}
    response = render(request, "readers/account_closed.html", context, status=status)
    add_never_cache_headers(response)
    return response
