"""Due diligence's addresses: the staff side under /staff/diligence/, the public tracker under
/diligence/ (the app is included at the site root, like partners)."""

from django.urls import path

from rightsdesk.diligence.views import actions, public, staff

app_name = "diligence"

A = "staff/diligence/<uuid:uid>/"

urlpatterns = [
    path("diligence/", public.tracker, name="tracker"),
    path("diligence/feed.xml", public.feed, name="feed"),
    path("staff/diligence/", staff.home, name="home"),
    path(A, staff.assessment, name="assessment"),
    path(f"{A}report/", staff.report, name="report"),
    path(f"{A}register.csv", staff.register_download, name="register_csv"),
    path(f"{A}heatmap.svg", staff.heat_map_svg, name="heat_map"),
    path(f"{A}evidence/<uuid:row>/", staff.evidence_download, name="evidence_download"),
    path(f"{A}checklist/", actions.checklist, name="checklist"),
    path(f"{A}signoff/", actions.signoff, name="signoff"),
    path(f"{A}evidence/", actions.evidence, name="evidence"),
    path(f"{A}engagement/", actions.engagement, name="engagement"),
    path(f"{A}impact/", actions.impact, name="impact"),
    path(f"{A}impact/<uuid:row>/residual/", actions.residual, name="residual"),
    path(f"{A}impact/<uuid:row>/mitigation/", actions.mitigation, name="mitigation"),
    path(f"{A}mitigation/<uuid:row>/", actions.mitigation_state, name="mitigation_state"),
    path(f"{A}recommendation/", actions.recommendation, name="recommendation"),
    path(
        f"{A}recommendation/<uuid:row>/",
        actions.recommendation_update,
        name="recommendation_update",
    ),
    path(f"{A}launch/", actions.launch, name="launch"),
    path(f"{A}grant/", actions.grant, name="grant"),
    path(f"{A}revoke/", actions.revoke, name="revoke"),
]
