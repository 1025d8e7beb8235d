"""Integer parameters bound on the server are range-checked by PostgreSQL, never cut to
fit (netwerkdossier/pg_binding.py, decision 0054). The model case that found it (a plain
int before a smallint in one INSERT) is tests/monitoring/test_event_table.py's
`test_the_database_refuses_a_bsn_sized_number`, on both databases. These run on
PostgreSQL only: SQLite binds no parameters on a server and has no integer widths."""

import pytest
from django.db import DataError, connection, transaction
from django.db.models import IntegerField, SmallIntegerField, Value

from netwerkdossier.organisations.models import Organisation

pytestmark = [pytest.mark.django_db, pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side binding is PostgreSQL's")]


@pytest.mark.parametrize(("field", "value"), [
    (SmallIntegerField(), 111_222_333), (SmallIntegerField(), -40_000),
    (IntegerField(), 5_000_000_000), (IntegerField(), -(2**31) - 1)])
def test_a_value_that_does_not_fit_is_refused_not_cut(cast, field, value):
    with pytest.raises(DataError), transaction.atomic():
        list(Organisation.objects.annotate(
            n=Value(value, output_field=field)).values_list("n", flat=True)[:1])


@pytest.mark.parametrize(("field", "value"), [
    (SmallIntegerField(), 32_767), (SmallIntegerField(), -32_768),
    (IntegerField(), 2**31 - 1), (IntegerField(), -(2**31))])
def test_a_value_that_fits_comes_back_unchanged(cast, field, value):
    assert Organisation.objects.annotate(n=Value(value, output_field=field)).values_list(
        "n", flat=True)[:1].get() == value

