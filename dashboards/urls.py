from django.urls import path

from dashboards import action_views, views

app_name = "dashboards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("area/<int:pk>/", views.area, name="area"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("indikator/<int:pk>/", views.indicator, name="indicator"),
    path("rencana-aksi/", action_views.action_list, name="actions"),
    path("rencana-aksi/<int:pk>/", action_views.action_detail, name="action"),
]
