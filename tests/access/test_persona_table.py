"""Who may read what: every persona against every kind of entry, per purpose.

Each row is written out: persona, purpose, and the entries of the demo household
(synthetic/personas.py) the persona may read. Everything not listed is refused.
Reading the table is reading the policy; a change in the rules shows up here.

Entries of Gezin Jansen (owner organisation, level, special marks, subjects):
  report              RVT        netwerk        + melder          Sanne, Noor
  conversation        wijkteam   netwerk                          Sanne and the 3 children
  org_note            wijkteam   organisatie                      Sanne
  secrecy             GGZ        beroepsgeheim                    Sanne
  father              RVT        netwerk                          Mark, Daan
  ggz_shared          GGZ        netwerk        health            Sanne
  lieke_confidential  wijkteam   netwerk        for Lieke only    Lieke
  third_party         wijkteam   netwerk        third party       Sanne
  criminal            RVT        netwerk        criminal          Mark
Consent "delen_netwerk": Sanne for herself, for Noor (9) and for Daan (14); Daan did not
consent himself, so sharing that needs consent excludes entries about Daan or Lieke.
"""

import pytest

from netwerkdossier.access.api import READ, context_for, decide, visible
from netwerkdossier.accounts.models import User
from netwerkdossier.dossier.models import Entry

pytestmark = pytest.mark.django_db

ALL = {"report", "conversation", "org_note", "secrecy", "father", "ggz_shared",
       "lieke_confidential", "third_party", "criminal"}
WIJKTEAM_VIEW = {"report", "conversation", "org_note", "father", "ggz_shared",
                 "lieke_confidential", "third_party"}

TABLE = [
    # persona, purpose, readable entries
    ("lotte", "hulpverlening", WIJKTEAM_VIEW),
    ("lotte", "veiligheidsbeoordeling", WIJKTEAM_VIEW - {"ggz_shared"}),
    ("lotte", "advies_rechter", {"conversation", "org_note", "lieke_confidential",
                                 "third_party"}),
    ("lotte", "management", set()),
    ("lotte", "onderzoek", set()),
    ("lotte", "toezicht", set()),
    ("ruben", "hulpverlening", {"report", "conversation", "father", "ggz_shared",
                                "lieke_confidential", "third_party", "criminal"}),
    ("ruben", "veiligheidsbeoordeling", {"report", "conversation", "father",
                                         "lieke_confidential", "third_party", "criminal"}),
    ("gert", "hulpverlening", {"report", "secrecy", "ggz_shared"}),
    ("gert", "veiligheidsbeoordeling", {"secrecy", "ggz_shared"}),
    ("tamara", "hulpverlening", WIJKTEAM_VIEW),
    ("olga", "hulpverlening", set()),
    ("olga", "veiligheidsbeoordeling", set()),
    ("priya", "hulpverlening", set()),
    ("priya", "toezicht", set()),
]

FAMILY = [
    # family member, readable entries, why
    ("mother", {"report", "conversation", "org_note", "father", "ggz_shared"},
     "own entries, and Daan's (14, gezag); not Lieke's (17) nor her confidential one"),
    ("father", {"father", "criminal"}, "no gezag any more: only entries about himself"),
    ("daan", {"conversation", "father"}, "14: entries about himself"),
    ("lieke", {"conversation", "lieke_confidential"}, "17: including her confidential one"),
    ("noor", set(), "9: no own access; her parent with gezag reads for her"),
]


def readable(ctx, cast):
    by_decide = {k for k, e in cast.entries.items() if decide(ctx, READ, e).allowed}
    listed = set(visible(ctx, READ, Entry.objects.all()).values_list("pk", flat=True))
    by_visible = {k for k, e in cast.entries.items() if e.pk in listed}
    assert by_decide == by_visible, "decide() and visible() disagree"
    return by_decide


@pytest.mark.parametrize("username,purpose,expected", TABLE,
                         ids=[f"{u}-{p}" for u, p, _ in TABLE])
def test_professional_table(cast, username, purpose, expected):
    ctx = context_for(cast.users[username], purpose=purpose)
    assert readable(ctx, cast) == expected


@pytest.mark.parametrize("member,expected,why", FAMILY, ids=[m for m, _, _ in FAMILY])
def test_family_table(cast, member, expected, why):
    person = getattr(cast, member)
    user = User.objects.create(username=f"gezin-{member}", kind=User.Kind.GEZINSLID,
                               person=person)
    assert readable(context_for(user), cast) == expected, why


def test_reasons_are_dutch_and_name_the_rule(cast):
    ctx = context_for(cast.users["lotte"])
    decision = decide(ctx, READ, cast.entries["ggz_shared"])
    assert decision.rule == \
        "team+afspraak:waterland-noord-veiligheid/ggz-met-toestemming+toestemming"
    assert "samenwerkingsafspraken" in decision.reason and "toestemming" in decision.reason
    refused = decide(ctx, READ, cast.entries["secrecy"])
    assert not refused.allowed and refused.rule == "confidential"
    assert "niet met u gedeeld" in refused.reason
