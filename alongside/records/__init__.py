"""Encounters (every contact with its real times) and peer notes: signing, co-signing, addenda, the
member's reading and comments, the supporter's day.
"""
