"""Media: the newsroom's image model with caption, credit, agency and archive date.

Entry points: `models.NewsImage` (Wagtail's image model for the whole site),
`metadata.read_embedded_credits` (IPTC/EXIF), `forms.NewsImageForm` (pre-fills credits on upload).
"""
