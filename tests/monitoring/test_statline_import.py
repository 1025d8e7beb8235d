"""`netwerkdossier monitoring import-statline FILE` (monitoring/statline.py) on small
synthetic files (tests/monitoring/statline/*_synthetisch.csv, each saying so in its
first line): a good file is imported and feeds the figures per 1,000 children; a bad
header, a bad number or a duplicate row refuses the file with Dutch messages and saves
nothing, also when figures were imported before."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from netwerkdossier.monitoring import population, statline
from netwerkdossier.monitoring.models import Area, ContextFigure
from netwerkdossier.organisations.models import Region

FILES = Path(__file__).parent / "statline"
pytestmark = pytest.mark.django_db


def run(name):
    from io import StringIO

    out = StringIO()
    call_command("monitoring", "import-statline", str(FILES / name), stdout=out)
    return out.getvalue()


def saved():
    return set(ContextFigure.objects.values_list("municipality", "year", "value"))


def test_every_test_file_says_it_is_synthetic():
    for path in FILES.glob("*.csv"):
        assert "synthetisch" in path.name
        assert "synthetisch" in path.read_text(encoding="utf-8").splitlines()[0].lower()


def test_a_good_file_is_imported_with_its_title_and_the_missing_figure_skipped():
    out = run("goed_synthetisch.csv")
    assert saved() == {("Noorderveld", 2025, 4000), ("Zuiderhaven", 2025, 1000),
                       ("Noorderveld", 2026, 4100)}
    assert "3 cijfers toegevoegd en 0 bijgewerkt" in out and "1 regels zonder cijfer" in out
    figure = ContextFigure.objects.get(municipality="Zuiderhaven")
    assert figure.measure == population.CHILDREN
    assert figure.source.startswith("Synthetisch testbestand")
    # Imported again: updated, not doubled.
    assert "0 cijfers toegevoegd en 3 bijgewerkt" in run("goed_synthetisch.csv")
    assert ContextFigure.objects.count() == 3


def test_the_figures_reach_the_areas_by_name():
    region = Region.objects.create(code="r-stat", name="Regio (synthetisch)")
    area = Area.objects.create(region=region, municipality="Noorderveld")
    run("goed_synthetisch.csv")
    loaded = population.load()
    assert loaded == {2025: {(region.pk, area.pk): 4000}, 2026: {(region.pk, area.pk): 4100}}
    assert population.for_year(loaded, 2027) == {(region.pk, area.pk): 4100}
    assert population.for_year(loaded, 2024) == {}


@pytest.mark.parametrize(("name", "message"), [
    ("kopregel_fout_synthetisch.csv", "Geen kopregel gevonden met de kolommen"),
    ("getal_fout_synthetisch.csv", 'Regel 4: "1.000,5" is geen geheel aantal.'),
    ("dubbel_synthetisch.csv", "Regel 5: Noorderveld 2025 staat ook al op regel 3."),
])
def test_a_bad_file_is_refused_in_dutch_and_nothing_is_saved(name, message):
    run("goed_synthetisch.csv")
    before = saved()
    with pytest.raises(CommandError) as refused:
        run(name)
    assert str(refused.value).startswith("Niets ingelezen.")
    assert message in str(refused.value)
    assert saved() == before


@pytest.mark.parametrize(("text", "message"), [
    (b"", "Het bestand is leeg."),
    (b'"Regio\'s";"Perioden";"Inwoners"\n"A";"2025";"5"\n', 'eindigt op "(aantal)"'),
    (b'"Regio\'s";"Perioden";"Aantal (aantal)"\n"A";"twintig";"5"\n', '"twintig" is geen jaar'),
    (b'"Regio\'s";"Perioden";"Aantal (aantal)"\n"A";"2025"\n', "Regel 2 heeft 2 kolommen"),
    (b'"Regio\'s";"Perioden";"Aantal (aantal)"\n"";"2025";"5"\n', "de gemeente ontbreekt"),
    (b'"Regio\'s";"Perioden";"Aantal (aantal)"\n"A";"2025";"-5"\n', "geen geheel aantal"),
    (b'"Regio\'s";"Perioden";"Aantal (aantal)"\n"A";"2025";"."\n', "geen cijfers"),
    (b'"Regio\'s";"Perioden";"Leeftijd";"Aantal (aantal)"\n"A";"2025";"0-4";"5"\n'
     b'"B";"2025";"5-9";"5"\n', 'De kolom "Leeftijd" heeft verschillende waarden'),
    (b"\x81\x8d\x8f", "Het bestand is geen tekstbestand."),
])
def test_parse_refuses_with_the_reason(text, message):
    with pytest.raises(statline.StatlineError) as refused:
        statline.parse(text)
    assert message in " ".join(refused.value.problems)
    assert not ContextFigure.objects.exists()


def test_a_provisional_year_is_read_as_its_year():
    text = (b'"Synthetisch testbestand met voorlopige cijfers"\n'
            b'"Regio\'s";"Perioden";"Aantal (aantal)"\n'
            b'"A";"2025*";"7"\n"B";"2024**";"8"\n"C";"2023";"9"\n')
    assert statline.parse(text).figures == {("A", 2025): 7, ("B", 2024): 8, ("C", 2023): 9}


def test_the_command_needs_a_file_that_exists():
    with pytest.raises(CommandError, match="Geef het CSV-bestand"):
        call_command("monitoring", "import-statline")
    with pytest.raises(CommandError, match="Bestand niet gevonden"):
        call_command("monitoring", "import-statline", "/nonexistent/x_synthetisch.csv")
