"""Core: what every page of the site shares.

The page shell's context, GMT time formatting, HTTP caching (headers, the in-app anonymous page
cache and its purge backend), the periodic-task ticker. Domain code lives in the other apps.
"""
