"""Persistence modules for eventsourcing's PERSISTENCE_MODULE, one per store.

Each keeps the review index in the same transaction as the events
(``insert_events(..., index_rows=[...])``).
"""
