"""News: the newsroom's content and the reader's site.

Pages (`models`): HomePage › SectionPage (a tree) › ArticlePage; authors are snippets with
profile pages routed from the home page; tags; editors' picks. Reads in `selectors`
(rails, cursor paging, trending), writes in `services` (view counts, short links), feeds in
`feeds`, sitemaps in `sitemaps`, structured data in `structured_data`.
"""
