from django.urls import path

from rightsdesk.safety import views

app_name = "safety"

urlpatterns = [
    path("", views.hub, name="hub"),
    path("guides/<slug:slug>/", views.guide, name="guide"),
    path("guides/<slug:slug>/<slug:node>/", views.guide, name="guide_node"),
    path("support/", views.support, name="support"),
    path("glossary/", views.glossary, name="glossary"),
    path("learn/", views.learn, name="learn"),
    path("learn/<slug:slug>/", views.module, name="module"),
    path("checkup/", views.checkup_view, name="checkup"),
    path("translate/", views.translate, name="translate"),
]
