"""Pushback desktop app (PySide6): views, controllers and Qt adapters."""
