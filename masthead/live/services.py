"""Writes to data sources: store a validated file's series, refresh a source from its address.

`data_source_file_load` parses bytes and replaces the snapshot only when the file is valid
and covers at least what is stored; `data_source_refresh` fetches a source's address with a
conditional request (ETag / Last-Modified), a size limit and a time limit, then loads it.
Any failure leaves the stored series untouched and is recorded on the source
(`last_error`, shown to editors in the admin) and logged.
"""

from __future__ import annotations

import logging
import time
import urllib.error
import urllib.request

from django.utils import timezone
from django.utils.translation import gettext as _

from . import app_settings
from .error_codes import DataErrorCode, DataFileError
from .models import DataSource
from .parsers import PARSERS, ParsedSeries, series_check_growth

logger = logging.getLogger(__name__)

USER_AGENT = "Masthead data refresh (+https://github.com/masthead)"


def data_source_series_store(*, source: DataSource, series: ParsedSeries) -> bool:
    """Replace the source's snapshot with a validated series; True when the data changed."""
    series_check_growth(
        series,
        start=source.series_start,
        file_end=source.series_file_end,
        row_count=source.series_row_count,
    )
    now = timezone.now()
    changed = (
        source.series_start != series.start
        or source.series_values != series.values
        or source.series_file_end != series.file_end
        or source.series_row_count != series.row_count
    )
    source.last_fetched_at = now
    source.last_error = source.last_error_code = ""
    source.last_error_at = None
    if changed:
        source.series_start = series.start
        source.series_values = series.values
        source.series_file_end = series.file_end
        source.series_row_count = series.row_count
        source.last_changed_at = now
        source.version += 1
    source.save()
    return changed


def data_source_error_record(*, source: DataSource, error: DataFileError) -> None:
    """Note why the last refresh failed; the stored series stays as it was."""
    logger.warning("Data source %s (%s) refused: %s", source.pk, source.name, error.message)
    source.last_error = error.message
    source.last_error_code = error.code.value
    source.last_error_at = timezone.now()
    source.save(update_fields=["last_error", "last_error_code", "last_error_at"])


def data_source_file_load(*, source: DataSource, data: bytes) -> bool:
    """Parse a file with the source's format and store it if it is valid; True if changed.

    Raises `DataFileError` (after recording it on the source) for a file that is refused.
    """
    try:
        series = PARSERS[source.parser](data, source.column)
        return data_source_series_store(source=source, series=series)
    except DataFileError as error:
        data_source_error_record(source=source, error=error)
        raise


def _download(source: DataSource) -> tuple[bytes | None, str, str]:
    """The file at the source's address, or None when unchanged (304); with ETag, Last-Modified."""
    request = urllib.request.Request(source.url, headers={"User-Agent": USER_AGENT})
    if source.etag:
        request.add_header("If-None-Match", source.etag)
    if source.last_modified:
        request.add_header("If-Modified-Since", source.last_modified)
    limit = app_settings.fetch_max_bytes()
    timeout = app_settings.fetch_timeout_seconds()
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > limit:
                raise DataFileError(
                    DataErrorCode.TOO_LARGE,
                    _("The file is %(size)s bytes, over the limit of %(limit)s.")
                    % {"size": length, "limit": limit},
                )
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise DataFileError(
                        DataErrorCode.TOO_LARGE,
                        _("The file is over the limit of %(limit)s bytes.") % {"limit": limit},
                    )
                if time.monotonic() > deadline:
                    raise DataFileError(
                        DataErrorCode.TIMEOUT,
                        _("The download took longer than %(seconds)s seconds.")
                        % {"seconds": timeout},
                    )
                chunks.append(chunk)
            etag = response.headers.get("ETag", "")
            last_modified = response.headers.get("Last-Modified", "")
            return b"".join(chunks), etag, last_modified
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return None, source.etag, source.last_modified
        raise DataFileError(
            DataErrorCode.HTTP,
            _("The server answered %(status)s.") % {"status": error.code},
        ) from error
    except TimeoutError as error:
        raise DataFileError(
            DataErrorCode.TIMEOUT,
            _("The download took longer than %(seconds)s seconds.") % {"seconds": timeout},
        ) from error
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise DataFileError(
            DataErrorCode.HTTP, _("The file could not be fetched: %(reason)s.") % {"reason": reason}
        ) from error


def data_source_refresh(*, source: DataSource) -> bool:
    """Fetch the source's address and load the file; True when the data changed.

    Unchanged (304) is not an error. A refused or failed download is recorded on the source
    and logged, never raised: the scheduled task goes on to the next source.
    """
    if not source.url:
        return False
    try:
        data, etag, last_modified = _download(source)
        if data is None:
            source.last_fetched_at = timezone.now()
            source.save(update_fields=["last_fetched_at"])
            return False
        changed = data_source_file_load(source=source, data=data)
    except DataFileError as error:
        if source.last_error_code != error.code.value or source.last_error != error.message:
            data_source_error_record(source=source, error=error)
        return False
    # Validators are kept only once the file they describe has been accepted.
    source.etag, source.last_modified = etag, last_modified
    source.save(update_fields=["etag", "last_modified"])
    return changed


def data_sources_refresh() -> int:
    """Refresh every source with an address; returns how many changed."""
    return sum(data_source_refresh(source=source) for source in DataSource.objects.exclude(url=""))
