"""The access choke point. Import from here: decide, visible, fetch, log_read."""
