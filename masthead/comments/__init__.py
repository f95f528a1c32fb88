"""Comments under articles: the model, posting through the moderation pipeline, reader views.

Entry points: `services` (every write: post, edit, delete, like, report, mute, feature, the
moderators' approve and reject), `selectors` (threads paged by cursor, what a member may see,
an author's standing for pre-moderation), `views` (the thread fragment the article page loads,
the no-JS discussion page, permalinks, live updates, the community standards page) and
`wagtail_hooks` (the moderators' "Held comments" queue and the standards snippets).
The rules themselves live in `masthead.moderation`; this app only calls its pipeline.
"""
