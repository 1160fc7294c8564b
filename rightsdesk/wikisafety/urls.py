"""The wikis' evaluation queue: staff only, under /staff/wikisafety/."""

from django.urls import path

from rightsdesk.wikisafety.views import queue

app_name = "wikisafety"

F = "staff/wikisafety/findings/<uuid:uid>/"

urlpatterns = [
    path("staff/wikisafety/", queue.queue, name="queue"),
    path("staff/wikisafety/remove/", queue.remove_bulk, name="remove_bulk"),
    path(F, queue.finding, name="finding"),
    path(f"{F}reveal/", queue.reveal, name="reveal"),
    path(f"{F}decide/", queue.decide, name="decide"),
    path(f"{F}remove/", queue.remove, name="remove"),
    path(f"{F}undo/", queue.undo, name="undo"),
]
