"""Views: widgets laid out, signals out, no logic beyond presentation."""
