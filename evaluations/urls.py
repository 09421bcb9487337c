"""URLs of the evaluation pages; each view module declares its own patterns."""

from evaluations.views import actions, follow_ups, history, officer, recommendations, reminders, review, yearly

app_name = "evaluations"

urlpatterns = [
    *officer.urlpatterns,
    *history.urlpatterns,
    *actions.urlpatterns,
    *follow_ups.urlpatterns,
    *review.urlpatterns,
    *reminders.urlpatterns,
    *yearly.urlpatterns,
    *recommendations.urlpatterns,
]
