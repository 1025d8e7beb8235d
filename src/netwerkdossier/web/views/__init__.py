"""Views of the professional web UI, one module per page."""
