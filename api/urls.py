"""/api/: the v1 endpoints (router), the OpenAPI schema and its documentation page (signed-in users and token
holders only), and the Token API page."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from api import actions, actions_write, docs, recommendations, views, web, yearly

app_name = "api"

router = DefaultRouter()
router.include_root_view = False
router.include_format_suffixes = False
router.register("roadmaps", views.RoadmapViewSet, basename="roadmap")
router.register("units", views.UnitViewSet, basename="unit")
router.register("areas", views.AreaViewSet, basename="area")
router.register("aspects", views.AspectViewSet, basename="aspect")
router.register("themes", views.ThemeViewSet, basename="theme")
router.register("indicators", views.IndicatorViewSet, basename="indicator")
router.register("cycles", views.CycleViewSet, basename="cycle")
router.register("reports", views.ReportViewSet, basename="report")
router.register("progress", views.ProgressViewSet, basename="progress")
router.register("action-plans", actions.ActionPlanViewSet, basename="action-plan")
router.register("action-progress", actions.ActionProgressViewSet, basename="action-progress")
router.register("recommendations", recommendations.RecommendationViewSet, basename="recommendation")
router.register("follow-ups", recommendations.FollowUpViewSet, basename="follow-up")
router.register("strategic-indicators", yearly.StrategicIndicatorViewSet, basename="strategic-indicator")
router.register("rb-evaluations", yearly.RbEvaluationViewSet, basename="rb-evaluation")

urlpatterns = [
    path("token/", web.tokens, name="tokens"),
    path("token/<int:pk>/cabut/", web.token_revoke, name="token_revoke"),
    path("v1/scores/", views.ScoresView.as_view(), name="scores"),
    path(
        "v1/action-progress/<int:pk>/realisasi/",
        actions_write.ActionRowWriteView.as_view(),
        name="action_progress_write",
    ),
    path("v1/action-scores/", actions.ActionScoresView.as_view(), name="action_scores"),
    # Both for a signed-in user or a token only (SPECTACULAR_SETTINGS["SERVE_PERMISSIONS"], api/docs.py).
    path("v1/schema/", docs.SchemaView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: the CSP allows no inline <script>.
    path(
        "v1/docs/",
        docs.DocsView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("v1/", include(router.urls)),
]
