"""The four principles of the Toekomstscenario kind- en gezinsbescherming, in the order
of the half-yearly progress report (voortgangsrapportage). Each indicator
(indicators/) and each question of the pilots' questionnaire names the principle it
serves; the report puts it under that heading."""

from django.utils.translation import gettext_lazy as _

GEZINSGERICHT = "gezinsgericht"
LEREND = "lerend"
EENVOUDIG = "eenvoudig"
RECHTSBESCHERMEND = "rechtsbeschermend_transparant"

# key -> (title, what it asks of the work); in the report's order.
PRINCIPLES = {
    GEZINSGERICHT: (_("Gezinsgericht"), _(
        "Het hele gezin krijgt steun, ieder gezinslid telt mee, en het gezin voelt zich "
        "gezien, gehoord en gesteund.")),
    LEREND: (_("Lerend"), _(
        "We kijken of gezinnen veiliger worden en blijven, en leren van wat werkt.")),
    EENVOUDIG: (_("Eenvoudig"), _(
        "Snel duidelijkheid over veiligheid, weinig overdrachten en weinig wisselingen van "
        "organisatie.")),
    RECHTSBESCHERMEND: (_("Rechtsbeschermend en transparant"), _(
        "Ingrijpen in het gezin alleen als het nodig is, met rechtsbescherming, en open "
        "over wie wat deed.")),
}
KEYS = tuple(PRINCIPLES)


def title(key: str) -> str:
    return str(PRINCIPLES[key][0])
