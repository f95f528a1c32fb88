"""The admin's image form: pre-fills credits from the uploaded file (single and multi upload)."""

from __future__ import annotations

from typing import Any

from wagtail.images.forms import BaseImageForm

from .services import image_credits_prefill


class NewsImageForm(BaseImageForm):
    def save(self, commit: bool = True) -> Any:
        image = super().save(commit=False)
        if "file" in self.changed_data or not image.pk:
            image_credits_prefill(image=image)
        if commit:
            image.save()
            self.save_m2m()
        return image
