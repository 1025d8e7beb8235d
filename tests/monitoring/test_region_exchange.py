"""The regional aggregate export and its import (monitoring/exchange, decision 0049): a
round trip of the signed format, and every refusal with its Dutch message and nothing
stored: a changed file, an unknown key, another region's key, a small cell, missing
secondary suppression, an unknown format version or definition version."""

import json
from pathlib import Path
from unittest import mock

import jsonschema_rs
import pytest

from netwerkdossier.access.context import context_for
from netwerkdossier.access.monitoring_exchange import ExchangeRefused, import_region_context
from netwerkdossier.audit.models import AccessLogRecord
from netwerkdossier.monitoring.exchange import region_export, region_import
from netwerkdossier.monitoring.exchange.models import ImportedCell, ImportedRegion

from .exchange_helpers import (
    COUNT_KEY,
    document,
    keypair,
    other_region,
    region_cell,
    signed_bytes,
)


@pytest.fixture
def importer(cast, policy):
    return import_region_context(context_for(cast.users["nadia"]))


def cells_of(code):
    return {(c.indicator, c.period, c.level, c.unit): (c.numerator, c.denominator, c.mark)
            for c in ImportedCell.objects.filter(region_code=code)}


def test_round_trip_export_sign_import(importer):
    region = other_region()
    private, trusted = keypair(region.code)
    signed = region_export.signed(region, "H", ["2021-H1", "2021-H2"], private)
    raw = json.dumps(signed).encode()
    doc = signed["document"]
    assert doc["format_version"] == 1 and doc["region"]["code"] == "oostland"
    assert doc["periods"] == ["2021-H1", "2021-H2"] and doc["software"]["version"]
    assert {"key": COUNT_KEY, "version": 1, "measure": "aantal"} in doc["indicators"]

    source = region_import.import_file(importer, raw, trusted)

    assert (source.code, source.periods, source.key_id) == (
        "oostland", ["2021-H1", "2021-H2"], signed["signature"]["key_id"])
    found = cells_of("oostland")
    assert found[(COUNT_KEY, "2021-H1", "regio", "oostland")] == (30, 0, "")
    assert found[(COUNT_KEY, "2021-H1", "gemeente", "Oostdorp")] == (18, 0, "")
    # 3 is small: "<5"; then 9 would give it away from 12: hidden as "x".
    assert found[(COUNT_KEY, "2021-H2", "gemeente", "Oostdorp")] == (None, None, "<5")
    assert found[(COUNT_KEY, "2021-H2", "gemeente", "Westdorp")] == (None, None, "x")
    assert found[(COUNT_KEY, "2021-H2", "regio", "oostland")] == (12, 0, "")
    record = AccessLogRecord.objects.filter(event_code="monitoring.region_import").latest("id")
    assert (record.result, record.username, record.purpose) == ("granted", "nadia",
                                                                "management")
    assert record.object_ids[:4] == ["oostland", "H", "2021-H1", "2021-H2"]


def _good(code="zuidland"):
    return [region_cell(code, COUNT_KEY, "2021-H1", 40)]


REFUSALS = {
    "tampered": "De handtekening klopt niet",
    "unknown_key": "Onbekende sleutel",
    "other_regions_key": "Deze sleutel hoort bij regio noordkust, niet bij regio zuidland",
    "small_cell": "Kleine cel niet afgeschermd: indicator nieuwe_meldingen, periode 2021-H1, "
                  "gebied zuidland",
    "no_secondary": "Secundaire afscherming ontbreekt",
    "format_version": "Onbekende formaatversie 2. Deze installatie leest versie 1.",
    "indicator_version": "Indicator nieuwe_meldingen heeft in het bestand definitieversie 7",
    "no_json": "Het bestand is geen geldig JSON-bestand.",
}


def bad_file(case):
    """(file bytes, trusted keys) for each refusal."""
    private, trusted = keypair("zuidland")
    if case == "tampered":
        raw = signed_bytes(document("zuidland", _good()), private)
        return raw.replace(b'"numerator": 40', b'"numerator": 41'), trusted
    if case == "unknown_key":
        stranger, _trusted = keypair("zuidland")
        return signed_bytes(document("zuidland", _good()), stranger), trusted
    if case == "other_regions_key":
        _private, elsewhere = keypair("noordkust")
        key_id = next(iter(trusted))
        return signed_bytes(document("zuidland", _good()), private), {
            key_id: ("noordkust", trusted[key_id][1]), **elsewhere}
    if case == "small_cell":
        return signed_bytes(document("zuidland", [region_cell("zuidland", COUNT_KEY,
                                                              "2021-H1", 3)]), private), trusted
    if case == "no_secondary":
        cells = [region_cell("zuidland", COUNT_KEY, "2021-H1", 12),
                 {"indicator": COUNT_KEY, "period": "2021-H1", "level": "gemeente",
                  "unit": "Zuiddorp", "suppressed": "<5"},
                 {"indicator": COUNT_KEY, "period": "2021-H1", "level": "gemeente",
                  "unit": "Noorddorp", "numerator": 9, "denominator": 0}]
        return signed_bytes(document("zuidland", cells), private), trusted
    if case == "format_version":
        return signed_bytes(document("zuidland", _good(), version=2), private), trusted
    if case == "indicator_version":
        return signed_bytes(document("zuidland", _good(),
                                     indicator_versions={COUNT_KEY: 7}), private), trusted
    return b"{niet: json", trusted


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_bad_file_is_refused_in_dutch_and_nothing_is_stored(importer, case):
    # An earlier good import of the region stays as it was.
    private, trusted = keypair("zuidland")
    region_import.import_file(importer, signed_bytes(document("zuidland", _good()), private),
                              trusted)
    before = cells_of("zuidland")
    raw, bad_trusted = bad_file(case)
    with pytest.raises(ExchangeRefused) as refused:
        region_import.import_file(importer, raw, bad_trusted)
    assert REFUSALS[case] in refused.value.message
    assert ImportedRegion.objects.count() == 1 and cells_of("zuidland") == before
    record = AccessLogRecord.objects.filter(event_code="monitoring.region_import").latest("id")
    assert (record.result, record.username) == ("refused", "nadia")


def test_a_failure_while_storing_leaves_nothing(importer):
    private, trusted = keypair("zuidland")
    raw = signed_bytes(document("zuidland", _good()), private)
    with mock.patch.object(ImportedCell.objects, "bulk_create", side_effect=RuntimeError):
        with pytest.raises(RuntimeError):
            region_import.import_file(importer, raw, trusted)
    assert not ImportedRegion.objects.exists() and not ImportedCell.objects.exists()


def test_a_region_this_installation_computes_itself_is_refused(importer, cast):
    own = cast.household.region
    private, trusted = keypair(own.code)
    raw = signed_bytes(document(own.code, [region_cell(own.code, COUNT_KEY, "2021-H1", 40)]),
                       private)
    with pytest.raises(ExchangeRefused, match="wordt in deze installatie zelf berekend"):
        region_import.import_file(importer, raw, trusted)
    assert not ImportedCell.objects.exists()


def test_a_newer_export_replaces_the_cells_of_its_periods(importer):
    private, trusted = keypair("zuidland")
    region_import.import_file(importer, signed_bytes(document("zuidland", _good()), private),
                              trusted)
    newer = [region_cell("zuidland", COUNT_KEY, "2021-H1", 44)]
    region_import.import_file(importer, signed_bytes(document("zuidland", newer), private),
                              trusted)
    assert cells_of("zuidland") == {(COUNT_KEY, "2021-H1", "regio", "zuidland"): (44, 0, "")}
    assert ImportedRegion.objects.count() == 2  # both imports stay on record


SCHEMA = Path(__file__).parents[2] / "docs" / "schemas" / "regio-export.schema.json"


def test_an_export_matches_the_documented_schema(cast):
    region = other_region()
    private, _trusted = keypair(region.code)
    signed = region_export.signed(region, "H", ["2021-H1", "2021-H2"], private)
    validator = jsonschema_rs.validator_for(json.loads(SCHEMA.read_text()))
    assert [e.message for e in validator.iter_errors(signed)] == []
    assert any("suppressed" in c for c in signed["document"]["cells"])
    # The schema is not a rubber stamp: an unsuppressed cell with a mark fails it.
    signed["document"]["cells"][0]["suppressed"] = "<5"
    assert not validator.is_valid(signed)


@pytest.mark.parametrize("change", [
    lambda d: d.update(periods=5),
    lambda d: d.update(periods=[["2021-H1"]]),
    lambda d: d.update(region=["zuidland"]),
    lambda d: d["cells"][0].update(indicator=["x"]),
    lambda d: d["cells"][0].update(period={"a": 1}),
    lambda d: d.update(cells=[["not", "a", "cell"]]),
    lambda d: d["indicators"][0].update(key=[1]),
    lambda d: d.update(software=["netwerkdossier"]),
    lambda d: d.update(exported_at="2026-07-01T09:00:00"),  # no time zone
    lambda d: d["region"].update(code="z" * 41),
])
def test_values_of_the_wrong_type_are_refused_not_a_crash(importer, change):
    """Even in a file signed with a trusted key, a list where a code belongs is refused
    with a Dutch message."""
    private, trusted = keypair("zuidland")
    doc = document("zuidland", _good())
    change(doc)
    with pytest.raises(ExchangeRefused):
        region_import.import_file(importer, signed_bytes(doc, private), trusted)
    assert not ImportedCell.objects.exists()


def test_a_signature_of_the_wrong_type_is_refused(importer):
    private, trusted = keypair("zuidland")
    doc = document("zuidland", _good())
    for signature in ({"algorithm": "ed25519", "key_id": ["x"], "value": "a"},
                      {"algorithm": "ed25519", "key_id": next(iter(trusted)), "value": 5}):
        raw = json.dumps({"document": doc, "signature": signature}).encode()
        with pytest.raises(ExchangeRefused):
            region_import.import_file(importer, raw, trusted)
