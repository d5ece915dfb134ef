"""Alongside: an open, self-hostable platform for mental-health peer support."""

__version__ = "0.1.0"
