"""A saved radio setting is read again at once by this process (`selectors.radio_forget`);
the other processes see it within `selectors.RADIO_SECONDS`."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import RadioSetting
from .selectors import radio_forget


@receiver(post_save, sender=RadioSetting, dispatch_uid="live_radio_saved")
@receiver(post_delete, sender=RadioSetting, dispatch_uid="live_radio_deleted")
def _radio_changed(sender: type[RadioSetting], instance: RadioSetting, **kwargs: Any) -> None:
    radio_forget(instance.site_id)
