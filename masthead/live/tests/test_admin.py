"""Editors in the admin: a refused upload keeps the data and says why; the dashboard warns."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from masthead.live.demo.loader import live_demo_load
from masthead.live.models import DataSource

pytestmark = pytest.mark.django_db


def edit_form(source: DataSource, **changes: object) -> dict[str, object]:
    fields = {
        "name": source.name,
        "url": source.url,
        "parser": source.parser,
        "column": source.column,
        "link_url": source.link_url,
        "attribution": source.attribution,
        "licence_name": source.licence_name,
        "licence_url": source.licence_url,
        "stale_after_days": source.stale_after_days,
    }
    return fields | changes


def test_an_editor_uploading_a_broken_file_keeps_the_data_and_is_told_why(admin_client):
    """Given the demo deaths, an uploaded error page leaves the series and a message says why."""
    deaths = live_demo_load(log=lambda line: None)[1]
    kept_file = deaths.upload.name
    broken = SimpleUploadedFile("deaths.csv", b"<html>Not found</html>", content_type="text/csv")
    response = admin_client.post(
        f"/admin/snippets/live/datasource/edit/{deaths.pk}/",
        edit_form(deaths, upload=broken),
        follow=True,
    )
    html = response.content.decode()
    assert "The file was not loaded, the data stays as it was" in html
    deaths.refresh_from_db()
    assert deaths.series_values[-1] == 6_881_802
    assert deaths.version == 1
    assert deaths.last_error_code == "header"
    assert deaths.upload.name == kept_file  # the file the data came from, not the refused one

    dashboard = admin_client.get("/admin/").content.decode()
    assert "Data sources needing attention" in dashboard
    assert "the last refresh was refused" in dashboard
    assert "stale: last reported 9 March 2023" in dashboard


def test_an_editor_uploading_a_longer_file_updates_the_series(admin_client):
    deaths = live_demo_load(log=lambda line: None)[1]
    data = deaths.upload.open("rb").read() + b"2023-03-10,676570149,6881900,0\n"
    deaths.upload.close()
    admin_client.post(
        f"/admin/snippets/live/datasource/edit/{deaths.pk}/",
        edit_form(deaths, upload=SimpleUploadedFile("deaths.csv", data, content_type="text/csv")),
    )
    deaths.refresh_from_db()
    assert (deaths.series_values[-1], deaths.version, deaths.last_error) == (6_881_900, 2, "")
