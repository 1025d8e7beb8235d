import pytest

from netwerkdossier.analysis.models import AnalysisVersion, FamilyResponse, InstrumentResult

pytestmark = pytest.mark.django_db


def test_demo_gives_the_jansen_family_two_versions_results_and_responses(cast):
    from netwerkdossier.synthetic.analysis_demo import build

    made = build(cast)
    assert [v.number for v in made["versions"]] == [1, 2]
    second = AnalysisVersion.objects.get(number=2)
    assert second.created_by == cast.users["ruben"]
    assert len(second.content["instrument_results"]) == 2
    assert second.health_data and second.criminal_data
    assert InstrumentResult.objects.count() == 2
    assert sorted(FamilyResponse.objects.values_list("agrees", flat=True)) == [False, True]
