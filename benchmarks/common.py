"""Helpers shared by the benchmark scripts (run them as `python benchmarks/<name>.py`;
Django must be set up before the query helpers are called)."""

import statistics


def pct(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def summary(ms, digits=2):
    return {"n": len(ms), "p50_ms": round(statistics.median(ms), digits),
            "p95_ms": round(pct(ms, 0.95), digits), "max_ms": round(max(ms), digits)}


def households_with_300_entries(limit):
    """Households whose current timeline holds 280-320 entries and that have an active
    team: (household id, entry rows counted, a team member's user id)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            """SELECT e.household_id, count(*), min(t.user_id)
               FROM dossier_entry e
               JOIN cases_case c ON c.household_id = e.household_id
               JOIN cases_teamassignment t ON t.case_id = c.id AND t.valid_to IS NULL
               WHERE e.is_current
               GROUP BY e.household_id
               HAVING count(DISTINCT e.id) BETWEEN 280 AND 320
               ORDER BY e.household_id LIMIT %s""",
            [limit])
        return cur.fetchall()
