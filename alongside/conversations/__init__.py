"""Conversations: 1:1 peer conversations now, group rooms and live forum updates later; the real-time
engine (`realtime`, `consumers`) and the notification centre."""
