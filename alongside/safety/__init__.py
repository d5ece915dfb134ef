"""Safety in the path: `assess(text)` is the one call every message, post, note and check-in goes through."""

from .assessment import Assessment, Level, assess

__all__ = ["Assessment", "Level", "assess"]
