"""Controllers: they wire views to the session, the workers and the store."""
