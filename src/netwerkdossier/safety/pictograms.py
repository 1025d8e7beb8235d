"""The fixed set of pictograms for the plan for children (words and pictures).

Drawn for this project (synthetic, no licence needed), one SVG per key under
safety/static/safety/pictograms/. The alt text is what a screen reader says and what a
child hears when the plan is read aloud; it is shown as the caption as well.
"""

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

PICTOGRAMS = {
    "huis": _("Thuis"),
    "mensen": _("Mensen die helpen"),
    "telefoon": _("Bellen"),
    "praten": _("Praten over wat er gebeurt"),
    "hart": _("Je bent belangrijk"),
    "school": _("School"),
    "bed": _("Rustig slapen"),
    "kalender": _("Afspraken op vaste dagen"),
    "zon": _("Een goede dag"),
}
MAX_CHOSEN = 4


def choices() -> list[tuple[str, str]]:
    return [(key, label) for key, label in PICTOGRAMS.items()]


def chosen(keys) -> list[dict]:
    """The pictograms to show, in the order of the set: key, alt text, image address."""
    keys = set(keys or ())
    return [{"key": key, "alt": label, "src": static(f"safety/pictograms/{key}.svg")}
            for key, label in PICTOGRAMS.items() if key in keys]
