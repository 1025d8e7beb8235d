"""The table of expectations: which entries each family login sees in the portal.

Cast entries (synthetic/personas.py) plus four added through dossier.services in the
test setup. Rules (DOMAIN.md, Jeugdwet §7.3): own data; a parent with gezag also sees
a child's data under 16 (not Lieke, 17); a parent without gezag (Mark) only what is
about himself; never professional-secrecy, third-party or another member's
confidential entries. Noor (9) has no login: Sanne sees her entries.
"""

from django.utils import timezone

from netwerkdossier.dossier.services import add_entry

ADDED_TEXTS = {
    "noor_only": "Noor vertelt op school over haar nieuwe vriendin.",
    "daan_only": "Daan heeft een gesprek over zijn schoolkeuze.",
    "daan_confidential": "Daan vertelt in vertrouwen dat hij een vriendin heeft.",
    "lieke_only": "Lieke zoekt een eigen kamer.",
}

#            entry key            sanne  mark   daan   lieke
TABLE = {
    "report":             (True,  False, False, False),
    "ggz_shared":         (True,  False, False, False),
    "lieke_confidential": (False, False, False, True),
    "third_party":        (False, False, False, False),
    "criminal":           (False, True,  False, False),
    "conversation":       (True,  False, True,  True),
    "org_note":           (True,  False, False, False),
    "secrecy":            (False, False, False, False),
    "father":             (True,  True,  True,  False),
    "noor_only":          (True,  False, False, False),
    "daan_only":          (True,  False, True,  False),
    "daan_confidential":  (False, False, True,  False),
    "lieke_only":         (False, False, False, True),
}
LOGINS = ("sanne", "mark", "daan", "lieke")


def add_test_entries(cast, ctx) -> dict:
    """The four extra entries, written by Lotte through the service (as in practice)."""
    now = timezone.now()
    about = {"noor_only": [cast.noor], "daan_only": [cast.daan],
             "daan_confidential": [cast.daan], "lieke_only": [cast.lieke]}
    added = {}
    for key, text in ADDED_TEXTS.items():
        added[key] = add_entry(
            ctx, cast.household, kind="conversation", text=text, occurred_at=now,
            subjects=about[key], confidentiality=10, legal_basis="jeugdwet_taak",
            case=cast.case,
            confidential_for_member=cast.daan if key == "daan_confidential" else None)
    return added


def all_texts(cast, added) -> dict:
    return {**{k: e.text for k, e in cast.entries.items()},
            **{k: e.text for k, e in added.items()}}


def expected(username: str) -> tuple[set, set]:
    column = LOGINS.index(username)
    seen = {k for k, row in TABLE.items() if row[column]}
    return seen, set(TABLE) - seen
