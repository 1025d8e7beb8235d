"""What leaves or enters an installation as monitoring data (issue 15, points 3 and 7):
the signed regional aggregate export and its import for the national picture, and the
pseudonymised research export with its k-anonymity check. A Django app of its own
(label monitoring_exchange) so its tables and migrations stay apart from the
indicators' (docs/decisions/0049)."""
