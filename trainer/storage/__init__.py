"""Local progress in SQLite: schema migrations, safe opening, and the progress store."""
