"""URLs of the evaluation pages; each view module declares its own patterns."""

from evaluations.views import actions, officer, reminders, review, yearly

app_name = "evaluations"

urlpatterns = [
    *officer.urlpatterns,
    *actions.urlpatterns,
    *review.urlpatterns,
    *reminders.urlpatterns,
    *yearly.urlpatterns,
]
