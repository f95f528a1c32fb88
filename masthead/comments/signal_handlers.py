"""Receivers that hand framework signals to the services; imported by `apps.CommentsConfig`.

A purged account (`readers.services.lifecycle.account_purge` deletes the user row) first has
its comments emptied and its likes taken off the counts (`services.author_comments_erase`):
`pre_delete` is the one moment the rows still say whose they are.

A new account, or a newly confirmed address, that a purged account blocked for good had used
comes back blocked for good (`services_blocks.member_block_carry_over`, reading the readers'
tombstone): allauth's `user_signed_up` (every sign-up, social ones too) and `email_confirmed`.

An unpublished story's discussion leaves the caches with it (`services.discussion_ended`).
"""

from __future__ import annotations

from typing import Any

from allauth.account.signals import email_confirmed, user_signed_up
from django.conf import settings
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from wagtail.signals import page_unpublished

from .services import author_comments_erase, discussion_ended
from .services_blocks import member_block_carry_over


@receiver(pre_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="comments_author_erase")
def on_user_delete(sender: Any, instance: Any, **kwargs: Any) -> None:
    author_comments_erase(user=instance)


@receiver(user_signed_up, dispatch_uid="comments_block_carry_over_signup")
def on_user_signed_up(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from allauth.account.models import EmailAddress

    emails = {user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)}
    member_block_carry_over(member=user, emails=sorted(email for email in emails if email))


@receiver(email_confirmed, dispatch_uid="comments_block_carry_over_email")
def on_email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    member_block_carry_over(member=email_address.user, emails=[email_address.email])


@receiver(page_unpublished, dispatch_uid="comments_discussion_ended")
def on_page_unpublished(sender: Any, instance: Any, **kwargs: Any) -> None:
    from masthead.news.models import ArticlePage

    if isinstance(instance, ArticlePage):
        discussion_ended(article=instance)
