"""Supporters' courses, credentials and continuing education, gates on activities, supervision and well-
being.
"""
