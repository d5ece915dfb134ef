"""Check-ins, outcome measures and their scores.

`alongside.outcomes.score(code, answers)` is the public scoring function (see `scoring`). It is pure and
importable as soon as Django is set up; the models are not imported here.
"""

from .scoring import CODES, INCOMPLETE, SELF_HARM, Score, score

__all__ = ["CODES", "INCOMPLETE", "SELF_HARM", "Score", "score"]
