"""`__in` as one array parameter on PostgreSQL (netwerkdossier/array_lookups.py): the
same rows as Django's IN on both databases, one statement text whatever the lists'
lengths, and prepared once it repeats (decision 0054)."""

import pytest
from django.db import connection
from django.db.models import Q

from netwerkdossier.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql",
                                   reason="the array form is PostgreSQL's")


def _either(field: str, values) -> Q:
    """The rows `field__in=values` must give, written without the `in` lookup."""
    condition = Q(pk=None)  # matches nothing
    for value in values:
        condition |= Q(**{field: value}) if value is not None else Q(pk=None)
    return condition


def _pks(queryset) -> set:
    return set(queryset.values_list("pk", flat=True))


def test_same_rows_as_equals_for_ids_strings_dates_and_relations(cast):
    orgs = list(Organisation.objects.order_by("name"))
    members = list(Membership.objects.order_by("pk"))
    assert len(orgs) >= 4 and len(members) >= 4
    picked = [orgs[0].pk, orgs[2].pk, orgs[2].pk, None, orgs[-1].pk]  # a repeat and None
    cases = [
        (Organisation, "pk", picked),
        (Organisation, "kind", ["ggz", "politie", "ggz", "geen-soort"]),
        (Membership, "organisation_id", picked),
        (Membership, "organisation", [orgs[0], orgs[3]]),
        (Membership, "user", [m.user for m in members[:3]]),  # integer keys
        (Membership, "user_id", [members[0].user_id, 10**12]),  # beyond int4
        (Membership, "valid_from", [m.valid_from for m in members[:2]]),
    ]
    for model, field, values in cases:
        lookup = {f"{field}__in": values}
        expected = _pks(model.objects.filter(_either(field, values)))
        assert expected, (model, field)
        assert _pks(model.objects.filter(**lookup)) == expected, (model, field)
        assert _pks(model.objects.exclude(**lookup)) == \
            _pks(model.objects.all()) - expected, (model, field)


def test_an_empty_list_or_only_none_matches_nothing(cast):
    assert Organisation.objects.count() > 0
    for values in ([], [None], [None, None]):
        assert not Organisation.objects.filter(pk__in=values).exists()
        assert Organisation.objects.exclude(pk__in=values).count() == \
            Organisation.objects.count()


def test_a_subquery_keeps_djangos_in(cast):
    ggz = Organisation.objects.filter(kind="ggz")
    queryset = Membership.objects.filter(organisation__in=ggz)
    sql, _params = queryset.query.sql_with_params()
    assert " IN (SELECT " in sql
    assert _pks(queryset) == _pks(Membership.objects.filter(organisation__kind="ggz"))
    assert _pks(queryset)


@on_postgresql
def test_one_statement_text_whatever_the_lists_length(cast):
    orgs = list(Organisation.objects.values_list("pk", flat=True))
    texts = set()
    for n in (1, 2, len(orgs)):
        sql, params = Membership.objects.filter(
            organisation_id__in=orgs[:n], user__in=[1, 2, 3][:n]).query.sql_with_params()
        texts.add(sql)
        assert sql.count("= ANY(%s)") == 2
        assert [len(p) for p in params if isinstance(p, list)] == [n, min(n, 3)]
    assert len(texts) == 1


@on_postgresql
def test_a_repeated_shape_is_prepared_on_the_connection(cast):
    assert connection.settings_dict["OPTIONS"]["server_side_binding"] is True
    orgs = list(Organisation.objects.values_list("pk", flat=True))
    threshold = connection.connection.prepare_threshold
    assert threshold is not None
    for n in range(threshold + 2):  # other lists, same shape
        list(Membership.objects.filter(organisation_id__in=orgs[:n % len(orgs) + 1]))
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_prepared_statements "
                    "WHERE statement LIKE %s", ["%organisations_membership%= ANY($1)%"])
        assert cur.fetchone()[0] == 1
