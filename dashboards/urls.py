from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("area/<int:pk>/", views.area, name="area"),
    path("unit/<int:pk>/", views.unit, name="unit"),
    path("indikator/<int:pk>/", views.indicator, name="indicator"),
]
