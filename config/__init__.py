"""Wiring only: settings, URLs, the WSGI entry point."""
