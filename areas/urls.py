from django.urls import path

from areas import views

app_name = "areas"

urlpatterns = [
    path("indikator/", views.indicator_list, name="indicator_list"),
    path("indikator/<int:pk>/", views.indicator_detail, name="indicator_detail"),
]
