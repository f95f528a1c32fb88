"""`{{ path|public_url }}`: an absolute address on the site's public origin (core/origin.py)."""

from django import template

from masthead.core.origin import public_url

register = template.Library()
register.filter("public_url", public_url)
