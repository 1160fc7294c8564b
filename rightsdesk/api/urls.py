from django.urls import include, path

from rightsdesk.api.main import schema_view, v1_urlpatterns

app_name = "api"

urlpatterns = [
    path("schema", schema_view, name="schema"),
    path("v1/", include((v1_urlpatterns(), "v1"))),
]
