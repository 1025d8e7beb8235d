"""The access matrix for the privacy officer: per organisation kind and purpose, which
information kinds a professional in the family's team reads, of which owners, with which
data categories, on which legal basis — generated from the same data the access module
decides with (the sharing rules in force and the catalogue), never written by hand.

This is the annex a data-protection impact assessment (DPIA) needs; the page and the CSV
and PDF downloads in web/views/access_matrix.py show it. Each sharing rule gives one row
per purpose it names, because a professional works under one stated purpose and only the
rules for that purpose apply (access/purposes.py).
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.cases.models import Phase
from netwerkdossier.dossier.models import EntryKind
from netwerkdossier.organisations.models import Organisation

from .catalogue import HOUSEHOLD_WORK, KINDS
from .context import PURPOSES
from .purposes import own_record_purposes
from .relations import FAMILY_MIN_AGE


@dataclass(frozen=True)
class Row:
    viewer: str  # organisation kind label, or a relation ("Noodtoegang")
    purpose: str
    reads: str  # information kinds, Dutch
    owners: str  # whose records
    categories: str  # which special categories are included
    condition: str  # consent, phases
    writes: str
    legal_basis: str
    source: str  # agreement/rule or the module that decides

    HEADERS = ("Wie", "Doel", "Leest", "Van welke organisaties", "Bijzondere gegevens",
               "Voorwaarde", "Schrijft", "Grondslag", "Bron")

    def as_list(self) -> list[str]:
        return [self.viewer, self.purpose, self.reads, self.owners, self.categories,
                self.condition, self.writes, self.legal_basis, self.source]


def column_help() -> list[tuple[str, str]]:
    """What each column means, in Row.HEADERS order, for the page and the PDF."""
    return list(zip(Row.HEADERS, (
        _("De soort organisatie van de professional, of een bijzondere rol."),
        _("Het doel waarvoor de professional werkt (doelbinding). Een professional kiest "
          "één doel; alleen de regels voor dat doel gelden, en elke inzage wordt met dat "
          "doel vastgelegd."),
        _("Lezen: welke soorten informatie de professional mag inzien."),
        _("Van welke soorten organisaties die informatie komt."),
        _("Of gezondheidsgegevens, strafrechtelijke gegevens en gegevens over anderen "
          "(derden) meekomen."),
        _("Wat er nog meer nodig is, zoals lid zijn van het team van het gezin, "
          "toestemming, of een bepaalde fase."),
        _("Schrijven: welke soorten informatie de professional mag vastleggen of "
          "veranderen. Een streepje betekent: niets."),
        _("De wettelijke grondslag voor het gebruik van de gegevens (AVG), zoals in de "
          "samenwerkingsafspraak staat."),
        _("De samenwerkingsafspraak en regel, of het deel van het systeem, dat dit "
          "bepaalt."),
    ), strict=True))


def agreements_in_force(today=None):
    """The sharing agreements in force on `today`: the version of the rules the matrix
    shows (key, version, valid_from, region)."""
    from .models import SharingAgreement

    today = today or timezone.localdate()
    return (SharingAgreement.objects.filter(valid_from__lte=today)
            .exclude(valid_to__lte=today).select_related("region").order_by("key", "version"))


def _kinds_for(entry_kinds) -> str:
    """Dutch names of the entry kinds and of the household-work kinds shared as them."""
    labels = dict(EntryKind.choices)
    entries = ", ".join(str(labels.get(k, k)).lower() for k in sorted(entry_kinds))
    work = [str(k.label) for k in KINDS if k.governed_by == HOUSEHOLD_WORK
            and not k.shared_with_team and k.roles["kind"].value in entry_kinds]
    return "; ".join([_("aantekeningen (%s)") % entries, *work])


def _writes(org_kind: str) -> str:
    from netwerkdossier.measures.recorders import laws_for

    laws = laws_for(org_kind)
    written = []
    for k in KINDS:
        if k.governed_by != HOUSEHOLD_WORK or org_kind not in k.writer_kinds \
                or k.shared_with_team:
            continue
        if "law" in k.roles:  # a legal measure: only the laws this kind records
            if laws and k.key == "maatregel":
                written.append(_("Maatregel (%(laws)s)") % {"laws": ", ".join(laws)})
            continue
        written.append(str(k.label))
    return "; ".join(written) or "-"


def _categories(rule) -> str:
    parts = [_("gezondheid") if rule.allows_health else "",
             _("strafrechtelijk") if rule.allows_criminal else "",
             _("gegevens van derden") if rule.allows_third_party else ""]
    return ", ".join(p for p in parts if p) or _("geen")


def rows(today=None) -> list[Row]:
    from .models import SharingRule

    today = today or timezone.localdate()
    kinds = dict(Organisation.Kind.choices)
    bases = {b["key"]: b["label"] for b in rules.legal_bases()}
    phases = dict(Phase.choices)
    grouped: dict = {}
    for rule in (SharingRule.objects.filter(agreement__in=agreements_in_force(today))
                 .select_related("agreement")
                 .order_by("viewer_kind", "purpose", "agreement__key", "rule_key")):
        key = (rule.viewer_kind, rule.purpose, rule.agreement.key, rule.rule_key)
        entry = grouped.setdefault(key, (rule, set(), set()))
        entry[1].add(rule.owner_kind)
        entry[2].add(rule.entry_kind)
    result = []
    for org_kind, label in kinds.items():
        # The purposes this kind may work under (access/purposes.py derives the same).
        purposes = {key[1] for key in grouped if key[0] == org_kind} | \
            own_record_purposes(org_kind)
        if purposes:
            result.append(Row(
                label, ", ".join(str(PURPOSES[p]) for p in PURPOSES if p in purposes),
                _("alles van de eigen organisatie"), _("eigen organisatie"),
                _("volgens vertrouwelijkheid en beroepsgeheim"),
                _("in het team, als registreerder of teammanager"), _writes(org_kind),
                _("taak van de eigen organisatie"), "access/work_rules.py"))
        for (viewer, purpose, agreement, rule_key), (rule, owners, entry_kinds) in \
                grouped.items():
            if viewer != org_kind:
                continue
            condition = []
            if rule.requires_consent:
                condition.append(_("toestemming van iedereen over wie het gaat"))
            if rule.phases:
                condition.append(_("alleen in fasen: %s") % ", ".join(
                    str(phases.get(p, p)) for p in rule.phases))
            result.append(Row(
                label, str(PURPOSES.get(purpose, purpose)), _kinds_for(entry_kinds),
                ", ".join(sorted(str(kinds.get(o, o)) for o in owners)),
                _categories(rule), "; ".join(condition) or _("in het team"), "-",
                bases.get(rule.legal_basis, rule.legal_basis), f"{agreement}/{rule_key}"))
    result += [
        Row(_("Noodtoegang (elke organisatie)"), _("Noodtoegang"),
            _("wat met het netwerk gedeeld is, ook veiligheidsplan en besluiten"),
            _("alle"), _("geen"), _("met reden, tijdelijk, achteraf beoordeeld"), "-",
            _("vitaal belang (art. 6 lid 1 sub d AVG)"), "access/work_rules.py"),
        Row(_("Deelnemer casustafel"), _("Casustafel"),
            _("het afgesproken minimale beeld: namen, leeftijden, gedeelde aantekeningen"),
            _("eigenaar deelt zelf"), _("alleen als de afspraak ze noemt"),
            _("alleen zolang de casustafel loopt"), "-", _("volgens de afspraak van de tafel"),
            "access/minimal_picture.py"),
        Row(_("Gezinslid"), _("Eigen gegevens"),
            _("aantekeningen en maatregelen over zichzelf; ouder met gezag ook over "
              "kinderen onder 16 (geen strafrechtelijke maatregelen van een ander)"),
            _("alle"), _("geen"),
            _("vanaf %(age)d jaar een eigen inlog; niet wat vertrouwelijk is voor een "
              "ander gezinslid; niet een afgeschermd adres") % {"age": FAMILY_MIN_AGE},
            _("eigen verklaring, correctieverzoek, reactie, toestemming"),
            _("inzagerecht (art. 15 AVG, art. 7.3.10 Jeugdwet)"),
            "access/entry_rules.py, access/measure_family.py"),
        Row(_("Melder (professional met een account)"), _("Terugkoppeling op de melding"),
            _("alleen de terugkoppeling die aan hem of haar is gericht: of er een vervolg is, "
              "door wie, en de veiligheidsvoorwaarden waarin de melder een rol heeft"),
            _("de organisatie die de melding ontving"), _("geen"),
            _("niets anders van het huishouden; het gezin ziet niet wie de melder is"), "-",
            _("meldcode: terugkoppeling aan de professionele melder (te bevestigen)"),
            "access/reporter_feedback.py"),
        Row(_("Functionaris gegevensbescherming"), str(PURPOSES["toezicht"]),
            _("het toegangslog, noodtoegang, mogelijke matches"), _("alle"), _("geen"),
            _("geen dossierinhoud"), "-", _("toezicht (art. 39 AVG)"), "audit/"),
    ]
    return result
