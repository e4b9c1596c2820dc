"""Pushback core: scenarios, grading, sessions, storage and speech engines (no Qt)."""

__version__ = "0.1.0"
