from django.urls import path

from exports import views

app_name = "exports"

urlpatterns = [
    path("", views.index, name="index"),
    path("unduh/", views.run, name="run"),
    path("tugas/<int:pk>/", views.job_status, name="job_status"),
    path("tugas/<int:pk>/unduh/", views.job_download, name="job_download"),
    path("impor/", views.import_indicators, name="import"),
    path("impor/templat/", views.import_template, name="import_template"),
    path("impor/rencana-aksi/", views.import_plan, name="import_plan"),
    path("impor/rencana-aksi/templat/", views.import_plan_template, name="import_plan_template"),
]
