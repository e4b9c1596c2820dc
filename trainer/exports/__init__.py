"""Exports to other systems (xAPI statements for a learning record store)."""
