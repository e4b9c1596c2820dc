"""The scenario editor: a form over a draft, its branch graph, live validation, save and try."""
