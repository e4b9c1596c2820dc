"""Command-line commands; each takes its collaborators explicitly and returns an exit status."""
