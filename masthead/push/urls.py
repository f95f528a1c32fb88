"""Push routes under /push/ (the service worker and manifest are at the root: config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("subscribe/", views.subscribe, name="push_subscribe"),
    path("unsubscribe/", views.unsubscribe, name="push_unsubscribe"),
    path("topics/", views.topics, name="push_topics"),
    path(
        "subscriptions/<int64:subscription_id>/delete/",
        views.member_subscription_delete,
        name="push_member_subscription_delete",
    ),
    path("click/<int64:delivery_id>/<str:token>/", views.click, name="push_click"),
]
