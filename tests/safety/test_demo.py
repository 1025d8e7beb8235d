"""The demo's Jansen case gets a realistic safety plan."""

from django.urls import reverse

from netwerkdossier.safety.models import PlanVersion
from netwerkdossier.synthetic import safety_demo


def test_demo_plan_renders(cast, login):
    safety_demo.build(cast)
    assert PlanVersion.objects.filter(plan__case=cast.case).count() >= 8
    html = login("lotte").get(reverse("safety:plan", args=[cast.case.pk])).content.decode()
    assert "Oma Jansen" in html and "Niet nagekomen" in html and "opnieuw afgesproken" in html
    case_html = login("lotte").get(reverse("safety:case", args=[cast.case.pk])).content.decode()
    assert "Structureel onveilig" in case_html and "Routebepaling" in case_html
