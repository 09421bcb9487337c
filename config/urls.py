from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from evaluations.views import home as views
from roadmap import health
from roadmap import views as core_views
from roadmap.forms import LoginForm

admin.site.site_header = _("Monev RB — Administrasi")
admin.site.site_title = _("Monev RB")
admin.site.index_title = _("Data induk")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", health.healthz, name="healthz"),  # monitoring: no login, JSON (roadmap/health.py)
    path(
        "masuk/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        core_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="registration/password_change_done.html"),
        name="password_change_done",
    ),
    path("beranda/operator/", views.home_operator, name="home_operator"),
    path("beranda/verifikator/", views.home_verifikator, name="home_verifikator"),
    path("beranda/pimpinan/", views.home_pimpinan, name="home_pimpinan"),
    path("beranda/admin/", views.home_admin, name="home_admin"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("areas.urls")),
    path("", include("evaluations.urls")),
    path("dasbor/", include("dashboards.urls")),
    path("ekspor/", include("exports.urls")),
    path("api/", include("api.urls")),
    path(settings.ADMIN_URL, admin.site.urls),
]

# The app's own error pages (templates/404.html, 500.html …); for /api/ the API's JSON error shape.
handler404 = "roadmap.views.page_not_found"
handler500 = "roadmap.views.server_error"
