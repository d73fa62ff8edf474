"""fupan's domain model: the review of a student's non-natural death, and its sign-off.

Pure Python: imports only the standard library and ``eventsourcing.domain``.
"""
