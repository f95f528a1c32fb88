"""The blocks an article body is made of: paragraphs, photos, quotes, video, galleries, links.

The data card (figures from a data source) is the live app's (`masthead.live.blocks`).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock

from masthead.live.blocks import DataCardBlock


class PhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        required=False, label=_("Caption"), help_text=_("Leave blank to use the image's caption.")
    )

    class Meta:
        icon = "image"
        template = "news/blocks/photo.html"
        label = _("Photo")


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        template = "news/blocks/quote.html"
        label = _("Quote")


class VideoBlock(blocks.StructBlock):
    """A video shown as a link with its poster: no third-party player loads until asked for."""

    title = blocks.CharBlock(label=_("Title"))
    url = blocks.URLBlock(label=_("Video address"))
    poster = ImageChooserBlock(required=False, label=_("Poster image"))
    caption = blocks.CharBlock(required=False, label=_("Caption"))

    class Meta:
        icon = "media"
        template = "news/blocks/video.html"
        label = _("Video")


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Title"))
    photos = blocks.ListBlock(PhotoBlock(), min_num=2, label=_("Photos"))

    class Meta:
        icon = "image"
        template = "news/blocks/gallery.html"
        label = _("Gallery")


class RelatedLinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Link text"))
    page = blocks.PageChooserBlock(required=False, label=_("Page on this site"))
    url = blocks.URLBlock(required=False, label=_("Or an address elsewhere"))

    class Meta:
        icon = "link"


class RelatedLinksBlock(blocks.StructBlock):
    title = blocks.CharBlock(default=_("Read more"), label=_("Title"))
    links = blocks.ListBlock(RelatedLinkBlock(), label=_("Links"))

    class Meta:
        icon = "list-ul"
        template = "news/blocks/related_links.html"
        label = _("Related links")


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "h2", "h3", "ol", "ul"],
        label=_("Paragraph"),
        template="news/blocks/paragraph.html",
    )
    photo = PhotoBlock()
    quote = QuoteBlock()
    video = VideoBlock()
    gallery = GalleryBlock()
    related_links = RelatedLinksBlock()
    data_card = DataCardBlock()
