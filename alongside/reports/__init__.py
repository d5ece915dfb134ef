"""Program evidence: the director's dashboard, fairness breakdowns, small-cell suppression and exports.
Reads every app's selectors; nothing reads it.
"""
