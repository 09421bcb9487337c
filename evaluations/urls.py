"""URLs of the evaluation pages; each view module declares its own patterns."""

from evaluations.views import officer, reminders, review

app_name = "evaluations"

urlpatterns = [*officer.urlpatterns, *review.urlpatterns, *reminders.urlpatterns]
