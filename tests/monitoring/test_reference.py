"""docs/monitoring/indicatoren.md is the rendering of the indicator registry: change an
indicator and run `netwerkdossier monitoring docs`."""

from netwerkdossier.monitoring import reference
from netwerkdossier.monitoring.indicators import all_indicators


def test_committed_reference_equals_the_rendering():
    assert reference.PATH.read_text(encoding="utf-8") == reference.render()


def test_every_indicator_is_documented_with_all_its_parts():
    text = reference.render()
    for indicator in all_indicators():
        assert f"`{indicator.key}`" in text
        for part in (indicator.definition, indicator.numerator, indicator.denominator,
                     indicator.caveats):
            assert part and part in text
