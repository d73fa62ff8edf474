"""Persistence, clock and configuration: what the application needs from the outside."""
