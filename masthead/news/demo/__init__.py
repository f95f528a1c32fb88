"""Demo content for Masthead: original sample articles and a generator for their illustrations.

Nothing here is used in production; it exists so a fresh install, the tests and screenshots have
a realistic, freely licensed newsroom to show.
"""
