"""Worklist ("mijn werkvoorraad") with signals for a professional with 60 open cases:
server time p50/p95 and the ratio to bare SQL returning the same rows.

Target: p95 <= 100 ms at 100,000 households. Runs in-process with Django's test client
against a seeded PostgreSQL database (server time: routing, access filter, signal
annotations, access-log append, rendering; no network or browser).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \\
        .venv/bin/python -m django migrate --settings=netwerkdossier.settings
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/nd_bench \\
        .venv/bin/python benchmarks/worklist_benchmark.py --requests 200

Setup is idempotent: safety plans, agreements (some overdue), scalings, plan versions
and phase transitions are added with INSERT ... SELECT for open cases that have none
yet, and the user `bench-werkvoorraad` is put on exactly 60 open cases. The worklist's
news signals (issue 13) get rows to find, more than a region sees in a month: own
statements beside 1 in 1,000 entries (written in the last 30 days), correction requests
on 1 in 5,000 (two in three open), emergency access to 1 in 200 households, a disputed
analysis in 1 in 50 households with an open case, and a statement, an open request of
the user's organisation and emergency access on the bench user's own households.

Besides the wall times it reports the CPU time per request of this process and of its
PostgreSQL backend (`cpu_ms_per_request`, the backend's from /proc when the server runs
on this machine): on a shared machine the wall time moves with the other jobs, the CPU
time much less, so compare changes by it.

`--quiet-households` leaves those out (only what the region-wide sampling puts there).
`--manager N` also times the team manager's overview (`/teamoverzicht`) N times for a
team manager (`bench-teammanager`) of the bench user's organisation.
"""

import argparse
import json
import os
import statistics
import sys
import time

import bench_env  # noqa: E402, F401 - demo mode, checkpoints per database

os.environ.setdefault("ALLOWED_HOSTS", "testserver")

import django  # noqa: E402
from common import log_in, machine_speed_ms, raise_priority, summary  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from netwerkdossier.accounts.models import User  # noqa: E402
from netwerkdossier.organisations.models import Membership  # noqa: E402

USERNAME = "bench-werkvoorraad"
MANAGER = "bench-teammanager"
QUIET = "--quiet-households" in sys.argv  # no news of their own on the 60 households
CASES = 60

SETUP_SQL = [
    # Phase start dates for open cases loaded without one (spread over the last year).
    """UPDATE cases_case SET phase_since = opened_on + (abs(hashtext(id::text)) % 300)
       WHERE closed_on IS NULL AND phase_since IS NULL""",
    """UPDATE cases_case SET phase_since = CURRENT_DATE
       WHERE closed_on IS NULL AND phase_since > CURRENT_DATE""",
    # One safety plan per open case with a team.
    """INSERT INTO safety_safetyplan (id, case_id, household_id, version, next_check_on,
           last_checked_on, created_at, updated_at, updated_by_id, owner_organisation_id)
       SELECT gen_random_uuid(), c.id, c.household_id, 1,
              CURRENT_DATE + (abs(hashtext(c.id::text)) % 40) - 10, NULL, now(), now(),
              t.user_id, c.lead_organisation_id
       FROM cases_case c
       JOIN LATERAL (SELECT user_id FROM cases_teamassignment WHERE case_id = c.id
                     ORDER BY id LIMIT 1) t ON true
       WHERE c.closed_on IS NULL
         AND NOT EXISTS (SELECT 1 FROM safety_safetyplan p WHERE p.case_id = c.id)""",
    # Three agreements per plan, for the first members; some overdue, some kept.
    """INSERT INTO safety_agreement (id, plan_id, member_id, action, owner, due_on, status,
           replaces_id, phase, created_at, created_by_id)
       SELECT gen_random_uuid(), p.id, m.person_id, 'Synthetische afspraak ' || n,
              'Synthetisch', CURRENT_DATE + (abs(hashtext(p.id::text || n)) % 60) - 20,
              CASE WHEN n = 3 THEN 'nagekomen' ELSE 'open' END, NULL, 'directe_veiligheid',
              now(), p.updated_by_id
       FROM safety_safetyplan p
       CROSS JOIN generate_series(1, 3) AS n
       JOIN LATERAL (SELECT person_id FROM households_householdmember
                     WHERE household_id = p.household_id ORDER BY id LIMIT 1) m ON true
       WHERE NOT EXISTS (SELECT 1 FROM safety_agreement a WHERE a.plan_id = p.id)""",
    # Scalings: every member, two dates.
    """INSERT INTO safety_scaling (id, plan_id, scored_on, score, scorer_person_id,
           scorer_user_id, recorded_by_id, recorded_at)
       SELECT gen_random_uuid(), p.id, CURRENT_DATE - d * 14,
              abs(hashtext(p.id::text || m.person_id::text || d)) % 11, m.person_id, NULL,
              p.updated_by_id, now()
       FROM safety_safetyplan p
       JOIN households_householdmember m ON m.household_id = p.household_id
       CROSS JOIN generate_series(0, 1) AS d
       WHERE NOT EXISTS (SELECT 1 FROM safety_scaling s WHERE s.plan_id = p.id)""",
    """INSERT INTO safety_planversion (id, plan_id, number, created_at, created_by_id,
           change, snapshot)
       SELECT gen_random_uuid(), p.id, 1, now(), p.updated_by_id, 'Synthetisch plan', '{}'
       FROM safety_safetyplan p
       WHERE NOT EXISTS (SELECT 1 FROM safety_planversion v WHERE v.plan_id = p.id)""",
    # One transition per open case into its current phase.
    """INSERT INTO cases_phasetransition (id, case_id, from_phase, to_phase, decided_at,
           decided_by_id, decided_role, rationale, family_agrees, entry_id)
       SELECT gen_random_uuid(), p.case_id, 'routebepaling', c.phase, now(),
              p.updated_by_id, 'casusregisseur', 'Synthetisch besluit', 'ja', NULL
       FROM safety_safetyplan p JOIN cases_case c ON c.id = p.case_id
       WHERE NOT EXISTS (SELECT 1 FROM cases_phasetransition t WHERE t.case_id = p.case_id)""",
]

SIGNAL_SQL = [
    """INSERT INTO portal_ownstatement (id, entry_id, person_id, written_by_id, text,
           created_at)
       SELECT gen_random_uuid(), e.id, s.person_id, e.author_id, 'Synthetische verklaring',
              now() - (abs(hashtext(e.id::text)) % 30) * interval '1 day'
       FROM dossier_entry e
       JOIN LATERAL (SELECT person_id FROM dossier_entrysubject WHERE entry_id = e.id
                     LIMIT 1) s ON true
       WHERE abs(hashtext(e.id::text)) % 1000 = 0
         AND NOT EXISTS (SELECT 1 FROM portal_ownstatement)""",
    """INSERT INTO portal_correctionrequest (id, entry_id, entry_kind, entry_date,
           owner_organisation_id, kind, reason, person_id, requested_by_id, received_at,
           deadline, status, decision_reason, refusal_ground)
       SELECT gen_random_uuid(), e.id, e.kind, e.occurred_at::date, e.owner_organisation_id,
              'correctie', 'Synthetisch verzoek', s.person_id, e.author_id,
              now() - (abs(hashtext(e.id::text)) % 40) * interval '1 day',
              CURRENT_DATE + 30 - (abs(hashtext(e.id::text)) % 40),
              CASE WHEN abs(hashtext(e.id::text)) % 3 = 0 THEN 'refused' ELSE 'open' END,
              '', ''
       FROM dossier_entry e
       JOIN LATERAL (SELECT person_id FROM dossier_entrysubject WHERE entry_id = e.id
                     LIMIT 1) s ON true
       WHERE abs(hashtext(e.id::text || 'c')) % 5000 = 0
         AND NOT EXISTS (SELECT 1 FROM portal_correctionrequest)""",
    """INSERT INTO access_breakglass (id, user_id, organisation_id, household_id, reason,
           purpose, started_at, expires_at, outcome, review_note)
       SELECT gen_random_uuid(), m.user_id, m.organisation_id, h.id, 'Synthetische noodtoegang',
              'hulpverlening', now() - (abs(hashtext(h.id::text)) % 30) * interval '1 day',
              now() - (abs(hashtext(h.id::text)) % 30) * interval '1 day' + interval '8 hours',
              '', ''
       FROM households_household h
       CROSS JOIN (SELECT user_id, organisation_id FROM organisations_membership
                   WHERE role = 'professional' ORDER BY id LIMIT 1) m
       WHERE abs(hashtext(h.id::text || 'b')) % 200 = 0
         AND NOT EXISTS (SELECT 1 FROM access_breakglass)""",
    """INSERT INTO analysis_analysisversion (id, household_id, case_id, number, content,
           change_summary, note, health_data, criminal_data, created_by_id,
           author_discipline, owner_organisation_id, created_at)
       SELECT gen_random_uuid(), c.household_id, c.id, 1, '{}', '', '', false, false,
              t.user_id, '', c.lead_organisation_id, now() - interval '30 days'
       FROM cases_case c
       JOIN LATERAL (SELECT user_id FROM cases_teamassignment WHERE case_id = c.id
                     ORDER BY id LIMIT 1) t ON true
       WHERE c.closed_on IS NULL AND abs(hashtext(c.household_id::text || 'a')) % 50 = 0
         AND NOT EXISTS (SELECT 1 FROM analysis_analysisversion v
                         WHERE v.household_id = c.household_id)
         AND NOT EXISTS (SELECT 1 FROM analysis_familyresponse)""",
    """INSERT INTO analysis_familyresponse (id, version_id, household_id, person_id, agrees,
           text, channel, recorded_by_id, recorded_at)
       SELECT gen_random_uuid(), v.id, v.household_id, m.person_id, false,
              'Synthetisch: niet eens', 'portal', v.created_by_id,
              now() - (abs(hashtext(v.id::text)) % 20) * interval '1 day'
       FROM analysis_analysisversion v
       JOIN LATERAL (SELECT person_id FROM households_householdmember
                     WHERE household_id = v.household_id ORDER BY id LIMIT 1) m ON true
       WHERE NOT EXISTS (SELECT 1 FROM analysis_familyresponse)""",
]

# News on the bench user's own households (marked, so a rerun replaces them).
OWN_SIGNAL_SQL = [
    "DELETE FROM portal_ownstatement WHERE text = 'Bench: eigen verklaring'",
    "DELETE FROM portal_correctionrequest WHERE reason = 'Bench: correctieverzoek'",
    "DELETE FROM access_breakglass WHERE reason = 'Bench: noodtoegang'",
    """INSERT INTO portal_ownstatement (id, entry_id, person_id, written_by_id, text,
           created_at)
       SELECT gen_random_uuid(), e.id, s.person_id, e.author_id, 'Bench: eigen verklaring',
              now() - interval '2 days'
       FROM (SELECT DISTINCT ON (c.household_id) e.id, e.author_id
             FROM cases_case c JOIN dossier_entry e ON e.household_id = c.household_id
             WHERE c.id = ANY(%(cases)s) AND e.is_current
             ORDER BY c.household_id, e.recorded_at DESC) e
       JOIN LATERAL (SELECT person_id FROM dossier_entrysubject WHERE entry_id = e.id
                     LIMIT 1) s ON true""",
    """INSERT INTO portal_correctionrequest (id, entry_id, entry_kind, entry_date,
           owner_organisation_id, kind, reason, person_id, requested_by_id, received_at,
           deadline, status, decision_reason, refusal_ground)
       SELECT gen_random_uuid(), e.id, e.kind, e.occurred_at::date, %(organisation)s,
              'correctie', 'Bench: correctieverzoek', s.person_id, e.author_id,
              now() - interval '3 days', CURRENT_DATE + 27, 'open', '', ''
       FROM (SELECT DISTINCT ON (c.household_id) e.id, e.kind, e.occurred_at, e.author_id
             FROM cases_case c JOIN dossier_entry e ON e.household_id = c.household_id
             WHERE c.id = ANY(%(cases)s) AND e.is_current
               AND e.owner_organisation_id = %(organisation)s
             ORDER BY c.household_id, e.recorded_at DESC) e
       JOIN LATERAL (SELECT person_id FROM dossier_entrysubject WHERE entry_id = e.id
                     LIMIT 1) s ON true""",
    """INSERT INTO access_breakglass (id, user_id, organisation_id, household_id, reason,
           purpose, started_at, expires_at, outcome, review_note)
       SELECT gen_random_uuid(), m.user_id, m.organisation_id, c.household_id,
              'Bench: noodtoegang', 'hulpverlening', now() - interval '1 day',
              now() - interval '16 hours', '', ''
       FROM cases_case c
       CROSS JOIN (SELECT user_id, organisation_id FROM organisations_membership
                   WHERE role = 'professional' ORDER BY id LIMIT 1) m
       WHERE c.id = ANY(%(cases)s) AND abs(hashtext(c.id::text)) %% 6 = 0""",
]

BARE_SQL = """
    SELECT c.*, h.name, p.next_check_on,
           (SELECT count(*) FROM safety_agreement a WHERE a.plan_id = p.id
              AND a.status = 'open' AND a.due_on < CURRENT_DATE),
           (SELECT min(f.due_on) FROM cases_followupcheck f WHERE f.case_id = c.id
              AND f.done_on IS NULL AND f.due_on <= CURRENT_DATE)
    FROM cases_case c
    JOIN households_household h ON h.id = c.household_id
    LEFT JOIN safety_safetyplan p ON p.case_id = c.id
    WHERE c.id IN (SELECT case_id FROM cases_teamassignment WHERE user_id = %s
                   AND valid_from <= CURRENT_DATE
                   AND (valid_to IS NULL OR valid_to >= CURRENT_DATE))
      AND c.closed_on IS NULL
    ORDER BY c.next_deadline NULLS LAST, c.opened_on LIMIT 200"""


def setup() -> User:
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cur:
        for sql in SETUP_SQL + SIGNAL_SQL:
            cur.execute(sql)
    user, _ = User.objects.get_or_create(username=USERNAME,
                                         defaults={"first_name": "Bench", "last_name": "WL"})
    with connection.cursor() as cur:
        cur.execute("""SELECT c.id, c.lead_organisation_id FROM cases_case c
                       WHERE c.closed_on IS NULL
                         AND EXISTS (SELECT 1 FROM safety_safetyplan p WHERE p.case_id = c.id)
                       ORDER BY md5(c.id::text) LIMIT %s""", [CASES])
        picked = cur.fetchall()
    organisation_id = picked[0][1]
    today = timezone.localdate()
    with transaction.atomic(), connection.cursor() as cur:
        if not Membership.objects.filter(user=user).exists():
            Membership.objects.create(user=user, organisation_id=organisation_id,
                                      role=Membership.Role.PROFESSIONAL,
                                      discipline="maatschappelijk_werker",
                                      valid_from=today.replace(year=today.year - 2))
        cur.execute("DELETE FROM cases_teamassignment WHERE user_id = %s", [user.pk])
        cur.executemany(
            """INSERT INTO cases_teamassignment (case_id, user_id, organisation_id, role,
                   valid_from, valid_to) VALUES (%s, %s, %s, 'casusregisseur', %s, NULL)""",
            [(case_id, user.pk, org, today.replace(year=today.year - 1))
             for case_id, org in picked])
    with transaction.atomic(), connection.cursor() as cur:
        params = {"cases": [case_id for case_id, _org in picked],
                  "organisation": organisation_id}
        for sql in OWN_SIGNAL_SQL[:3] if QUIET else OWN_SIGNAL_SQL:
            cur.execute(sql, params)
    with connection.cursor() as cur:
        for table in ("safety_safetyplan", "safety_agreement", "safety_scaling",
                      "cases_phasetransition", "cases_teamassignment", "cases_case",
                      "portal_ownstatement", "portal_correctionrequest", "access_breakglass",
                      "analysis_analysisversion", "analysis_familyresponse"):
            cur.execute(f"ANALYZE {table}")
    print(f"setup: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return user


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return (time.perf_counter() - start) * 1000, result


def bare(user_id):
    with connection.cursor() as cur:
        cur.execute(BARE_SQL, [user_id])
        return cur.fetchall()


def backend_cpu_reader():
    """A function giving the CPU seconds used so far by this connection's PostgreSQL
    backend (from /proc: the server on this machine); 0.0 when that is not readable."""
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        stat = f"/proc/{cur.fetchone()[0]}/stat"
    ticks = os.sysconf("SC_CLK_TCK")

    def read() -> float:
        try:
            with open(stat) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime

    return read


def manager(organisation_id) -> User:
    """A team manager of the bench user's organisation (for /teamoverzicht)."""
    user, _ = User.objects.get_or_create(username=MANAGER,
                                         defaults={"first_name": "Bench", "last_name": "TM"})
    if not Membership.objects.filter(user=user).exists():
        today = timezone.localdate()
        Membership.objects.create(user=user, organisation_id=organisation_id,
                                  role=Membership.Role.TEAMMANAGER, discipline="beleid",
                                  valid_from=today.replace(year=today.year - 2))
    return user


def time_manager(bench_user, requests) -> dict:
    user = manager(bench_user.memberships.first().organisation_id)
    client = Client()
    log_in(client, user)
    for _ in range(3):
        response = client.get("/teamoverzicht")
        assert response.status_code == 200, response.status_code
    html = response.content.decode()
    ms = [timed(client.get, "/teamoverzicht")[0] for _ in range(requests)]
    return {"manager_page": summary(ms),
            "manager_workers": html.split("<tbody", 1)[1].split("</tbody>", 1)[0].count(
                '<tr class="utrecht-table__row">'),
            "manager_attention_rows": html.count("data-case-reference="),
            "manager_cases": int(html.split("Totaal</th>", 1)[1].split(">", 1)[1]
                                 .split("<", 1)[0])}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--quiet-households", action="store_true",
                        help="leave out the news rows on the bench user's own households")
    parser.add_argument("--manager", type=int, default=0,
                        help="also time the team manager's overview this many times")
    parser.add_argument("--nice", type=int, default=0,
                        help="run this process and its database backend at this niceness "
                             "(e.g. -15, needs root) on a machine shared with other jobs")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Run this benchmark on PostgreSQL (set DATABASE_URL).")
    raise_priority(args.nice)
    user = setup()
    client = Client()
    log_in(client, user)
    for _ in range(5):  # warm up templates, translations, query plans
        client.get("/")
        bare(user.pk)
    queries = []  # Django clears queries_log at request start, so count with a wrapper

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    rows = html.count('<tr class="utrecht-table__row">') - 1
    assert rows == CASES, rows
    assert len(bare(user.pk)) == CASES
    speed_before = machine_speed_ms()
    page_ms, bare_ms = [], []
    backend = backend_cpu_reader()
    python_cpu = backend_cpu = 0.0
    for _ in range(args.requests):
        cpu_before, backend_before = time.process_time(), backend()
        ms, response = timed(client.get, "/")
        python_cpu += time.process_time() - cpu_before
        backend_cpu += backend() - backend_before
        assert response.status_code == 200
        page_ms.append(ms)
        bare_ms.append(timed(bare, user.pk)[0])
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM households_household")
        households = cur.fetchone()[0]
    result = {
        "households": households, "cases_on_worklist": rows,
        "signals_on_page": html.count('class="nd-badge"'),
        "queries_per_request": len(queries),
        "worklist": summary(page_ms), "worklist_bare_sql": summary(bare_ms),
        "ratio_p50": round(statistics.median(page_ms) / statistics.median(bare_ms), 1),
        # CPU time per request of this process and of its database backend: the work
        # itself, much less disturbed by other jobs on a shared machine than the wall
        # time (compare changes by it; the target is on the wall time).
        "cpu_ms_per_request": {
            "python": round(python_cpu * 1000 / args.requests, 1),
            # None: the server's /proc is not readable from here
            "postgres": round(backend_cpu * 1000 / args.requests, 1) or None},
        "target_p95_ms": 100, "load_avg_1m": round(os.getloadavg()[0], 2),
        # A fixed Python loop before and after the run (common.machine_speed_ms): compare
        # runs on different machines or hours only together with it.
        "machine_speed_loop_ms": [speed_before, machine_speed_ms()],
        "niceness": args.nice,
    }
    for code in ("correctieverzoek", "eigen_verklaring", "betwist", "nieuwe_melding",
                 "noodtoegang", "te_laat", "binnen_7_dagen"):
        result[f"on_page_{code}"] = html.count(f'data-signal="{code}"') + html.count(
            f'data-deadline="{code}"')
    if args.manager:
        result.update(time_manager(user, args.manager))
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
