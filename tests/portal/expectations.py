"""The table of expectations: which entries each family login sees in the portal.

Cast entries (synthetic/personas.py) plus five added through dossier.services in the
test setup. Rules (DOMAIN.md, Jeugdwet §7.3): own data; a parent with gezag also sees
a child's data under 16 (not Lieke, 17); a parent without gezag (Mark) only what is
about himself; never professional-secrecy, third-party or another member's
confidential entries. Noor (9) has no login: Sanne sees her entries.

WORDS: what a member said or chose themselves (own statement, correction request,
analysis response or dispute, consent choice) follows access/family_rules.py: the
member, and a parent with current gezag while the member is under 16. Never the other
parent (with or without gezag), never a brother or sister, not a parent from 16.
"""

from django.utils import timezone

from netwerkdossier.dossier.services import add_entry

ADDED_TEXTS = {
    "noor_only": "Noor vertelt op school over haar nieuwe vriendin.",
    "daan_only": "Daan heeft een gesprek over zijn schoolkeuze.",
    "daan_confidential": "Daan vertelt in vertrouwen dat hij een vriendin heeft.",
    "lieke_only": "Lieke zoekt een eigen kamer.",
    # About everyone: each login reads it, so each can write a statement beside it.
    "family_meeting": "Gezinsgesprek met iedereen over de afspraken in het plan.",
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
    "family_meeting":     (True,  True,  True,  True),
}
LOGINS = ("sanne", "mark", "daan", "lieke")

# Whose own words each login reads (author -> readers), Mark without gezag as in the cast.
#            author   sanne  mark   daan   lieke
WORDS = {
    "sanne":  (True,  False, False, False),
    "mark":   (False, True,  False, False),
    "daan":   (True,  False, True,  False),   # 14: his mother with gezag too
    "lieke":  (False, False, False, True),    # 17: nobody else
}
# The same when Mark's gezag is restored (joint gezag): he then reads Daan's (14) words,
# still not the mother's nor Lieke's (17).
WORDS_JOINT_GEZAG = {**WORDS, "daan": (True, True, True, False)}


def add_test_entries(cast, ctx) -> dict:
    """The extra entries, written by Lotte through the service (as in practice)."""
    now = timezone.now()
    about = {"noor_only": [cast.noor], "daan_only": [cast.daan],
             "daan_confidential": [cast.daan], "lieke_only": [cast.lieke],
             "family_meeting": [cast.mother, cast.father, cast.noor, cast.daan, cast.lieke]}
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


def words_read_by(username: str, table: dict = WORDS) -> tuple[set, set]:
    """(authors whose own words this login reads, authors whose words it must not)."""
    column = LOGINS.index(username)
    seen = {author for author, row in table.items() if row[column]}
    return seen, set(table) - seen
