"""Monitoring: figures from the work itself (docs/decisions/0045).

The work writes events (events.py) into a table without names, BSN, free text or
identifiers that can be joined back; indicators (indicators/) are computed from those
events into aggregates (refresh.py), shown with small-cell suppression
(suppression.py) on dashboards that never lead to a household."""
