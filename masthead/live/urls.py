"""The radio's routes, in each edition's language (/radio/, /fr/radio/): config/urls.py."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.radio_page, name="radio"),
    path("now.json", views.radio_now, name="radio_now"),
]
