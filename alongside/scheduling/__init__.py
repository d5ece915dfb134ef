"""Supporters' weekly hours and time off, booking and proposing sessions (chat, phone, video, in person,
accompaniment), cancel, reschedule, no-shows, reminders and each person's iCal feed.
"""
