"""The "Token API" page: a signed-in user creates (the secret is shown once) and revokes their own tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from api import services
from api.forms import TokenCreateForm
from api.models import ApiToken
from roadmap.permissions import check, role_of


def _page(request: HttpRequest, form: TokenCreateForm, created: tuple[ApiToken, str] | None = None) -> HttpResponse:
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=request.user).order_by("revoked_at", "-created_at"),
        "created": created[0] if created else None,
        "secret": created[1] if created else None,
    }
    response = render(request, "api/tokens.html", context)
    if created:
        # The secret is in this page only: no cache may keep it.
        response["Cache-Control"] = "no-store"
    return response


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    check(role_of(request.user) is not None)
    if request.method != "POST":
        return _page(request, TokenCreateForm())
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    created = services.token_create(user=request.user, name=form.cleaned_data["name"])
    return _page(request, TokenCreateForm(), created=created)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Only the user's own tokens: another's is a 404.
    token = get_object_or_404(ApiToken.objects.filter(user=request.user), pk=pk)
    services.token_revoke(token=token)
    messages.success(
        request, _("Token %(name)s dicabut; sistem yang memakainya tidak dapat masuk lagi.") % {"name": token.name}
    )
    return redirect("api:tokens")
