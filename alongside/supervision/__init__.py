"""Supervision and supporters' well-being: supervision sessions and private reflective notes, the case-review
queue, shadowing, caseload and on-call limits, debriefs after escalations, optional well-being check-ins and
the supervisor's view of load.
"""
