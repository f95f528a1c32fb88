"""The reader's profile page and the download of their personal data.

Validation is the forms' (forms/profile.py); writes are the services' (services/profile.py);
the archive is built by the export registry (export.py).
"""

from __future__ import annotations

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..export import personal_data_archive, personal_data_sections
from ..forms.profile import ProfileForm
from ..services.profile import user_profile_update


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, request.FILES or None, user=user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            user_profile_update(
                user=user,  # type: ignore[arg-type]
                display_name=form.cleaned_data["display_name"],
                language=form.cleaned_data["language"],
                time_zone=form.cleaned_data["time_zone"],
                avatar=form.cleaned_data["avatar"],
                avatar_remove=form.cleaned_data.get("avatar_remove", False),
            )
        except IntegrityError:
            # Another account took the name between the check and the save.
            form.add_error("display_name", _("This display name is already taken."))
        else:
            messages.success(request, _("Your profile is saved."))
            return HttpResponseRedirect(reverse("readers_profile"))
    response = render(request, "readers/profile.html", {"form": form})
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
@reauthentication_required(allow_get=True)  # type: ignore[untyped-decorator]  # allauth: untyped
def personal_data_export(request: HttpRequest) -> HttpResponse:
    """GET explains what the archive holds; POST (after a recent authentication) sends it."""
    if request.method == "GET":
        response = render(request, "readers/export.html", {"sections": personal_data_sections()})
        add_never_cache_headers(response)
        return response
    archive = personal_data_archive(user=request.user)  # type: ignore[arg-type]
    filename = f"personal-data-{timezone.now():%Y-%m-%d}.zip"
    response = HttpResponse(archive, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response
