"""Push routes under /push/ (the service worker and manifest are at the root: config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("subscribe/", views.subscribe, name="push_subscribe"),
    path("unsubscribe/", views.unsubscribe, name="push_unsubscribe"),
    path("click/<int64:delivery_id>/<str:token>/", views.click, name="push_click"),
]
