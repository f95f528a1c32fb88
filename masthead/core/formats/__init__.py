"""Masthead's overrides of Django's locale formats (`FORMAT_MODULE_PATH`).

Only English needs one: Django's English is American ("Dec. 6, 2026"), and the site writes
dates the British way, day first, as its GMT timestamps do ("6 December 2026"). The other
editions use Django's own formats for their language (Russian "6 декабря 2026 г.", Chinese
"2026年12月6日", Spanish "6 de diciembre de 2026").
"""
