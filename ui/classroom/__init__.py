"""The classroom: rosters, class sessions with a hot seat and a projector, trainer reviews, summaries, due lists."""
