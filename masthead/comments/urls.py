"""The comments' addresses, mounted under /comments/ in each edition's language prefix."""

from __future__ import annotations

from django.urls import path

from . import views

urlpatterns = [
    path("standards/", views.community_standards, name="community_standards"),
    path("preferences/", views.preferences, name="comments_preferences"),
    path("replies-off/<str:token>/", views.reply_emails_off, name="comments_reply_emails_off"),
    path("article/<int64:article_id>/", views.discussion, name="comments_discussion"),
    path("article/<int64:article_id>/thread/", views.thread, name="comments_thread"),
    path("article/<int64:article_id>/updates/", views.updates, name="comments_updates"),
    path("article/<int64:article_id>/post/", views.post, name="comments_post"),
    path("<int64:comment_id>/", views.permalink, name="comments_permalink"),
    path("<int64:comment_id>/replies/", views.replies, name="comments_replies"),
    path("<int64:comment_id>/edit/", views.edit, name="comments_edit"),
    path("<int64:comment_id>/delete/", views.delete, name="comments_delete"),
    path("<int64:comment_id>/like/", views.like, name="comments_like"),
    path("<int64:comment_id>/report/", views.report, name="comments_report"),
    path("<int64:comment_id>/feature/", views.feature, name="comments_feature"),
    path("members/<int64:user_id>/mute/", views.mute, name="comments_mute"),
    path("unlock/", views.unlock_request, name="comments_unlock_request"),
]
