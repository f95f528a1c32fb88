"""Template filters for times: `{{ page.first_published_at|gmt }}` and `|iso`."""

from django import template

from masthead.core.timefmt import gmt_stamp, iso_stamp

register = template.Library()
register.filter("gmt", gmt_stamp)
register.filter("iso", iso_stamp)
