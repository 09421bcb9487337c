"""Views: the Pengingat page of BPSDM (what the scheduled job sent, what failed, who is overdue now).

Permission rule: Verifikator BPSDM and Admin may use both URLs; Pimpinan gets 403 (their
role is dashboards and exports, and the page exposes officers' addresses and SMTP errors);
an Operator Unit gets 403; anonymous users are sent to the login page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from evaluations.selectors import reminders as selectors
from evaluations.services import reminders as services
from roadmap.models import Role
from roadmap.permissions import role_required
from roadmap.querystring import query_int

STAFF = (Role.VERIFIKATOR, Role.ADMIN)


@role_required(*STAFF)
@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    context = selectors.reminders_page(user=request.user, cycle_id=query_int(request.GET.get("periode")))
    return render(request, "evaluations/reminders/list.html", context)


@role_required(*STAFF)
@require_POST
def reminders_send_now(request: HttpRequest) -> HttpResponse:
    services.reminders_run_now()
    messages.success(
        request,
        _(
            "Pengiriman pengingat keterlambatan sudah dijadwalkan dan berjalan di latar belakang. "
            "Laporan yang sudah diingatkan hari ini tidak dikirimi lagi. Muat ulang halaman ini "
            "sebentar lagi untuk melihat hasilnya."
        ),
    )
    return redirect("evaluations:reminders")


urlpatterns: list[URLPattern] = [
    path("pengingat/", reminder_list, name="reminders"),
    path("pengingat/kirim/", reminders_send_now, name="reminders_send_now"),
]
