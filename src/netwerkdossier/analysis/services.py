"""Saving analysis versions, family responses and instrument results.

The caller has decided access (UPDATE on the household for writes) and passes the
decision's rule for the access log. Each service checks everything first and raises
``ValidationError`` with Dutch messages before it writes anything; writes, the access
log record and the timeline entry then happen in one transaction.

Shape of ``AnalysisVersion.content``::

    {"items": [{"n": 1, "domain": "veiligheid", "person": "<uuid>" | None,
                "kind": "zorg" | "gaat_goed" | "risico" | "beschermend", "text": "..."}],
     "hypotheses": [{"n": 1, "text": "...", "factors": [2, 3], "worries": [1]}],
     "family_view": "...",
     "disagreements": [{"about": "...", "family": "...", "professionals": "...",
                        "person": "<uuid>"}],  # optional: whose own view "family" is
     "instrument_results": ["<uuid>"],
     "next_number": 4}

Point numbers (``n``) stay the same from version to version, so a hypothesis can name
them and a reader can follow a point through the history; numbers are never reused.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from netwerkdossier.access.api import READ, household_relations, record, visible
from netwerkdossier.cases.models import Case
from netwerkdossier.dossier.services import add_entry
from netwerkdossier.households.models import HouseholdMember, age_on

from . import domains as dom
from . import instruments as engine
from .models import FACTOR_KINDS, AnalysisVersion, FamilyResponse, InstrumentResult, ItemKind

MAX_ITEM = 2000
MAX_TEXT = 5000
MAX_ITEMS = 500
RESPOND_MIN_AGE = 12  # younger children: the parent with gezag responds (Jeugdwet 7.3)
LEGAL_BASIS = "jeugdwet_taak"


# --- who sees health and criminal-law points ----------------------------------------------

def sees_sensitive(ctx, household_id, version=None) -> bool:
    """Points on health and justice domains are for the household's team only; see
    docs/decisions/0014. Registrar, team manager and emergency access see that they exist.
    For a version, the team member's organisation must also be entitled to its special
    categories (the sharing gate with the version's real health and criminal flags)."""
    if "team" not in household_relations(ctx, household_id):
        return False
    if version is None:
        return True
    from netwerkdossier.access.catalogue import ANALYSIS_SPECIAL_POINTS as kind
    from netwerkdossier.access.work_rules import read_gate

    return read_gate(ctx, "team", kind).holds(version, kind)


def readable_results(ctx, household_id, shown_sensitive: bool):
    """The instrument results of the household ctx may read, newest first; results on
    health only beside the analysis's health points (`shown_sensitive`, decision 0014).
    Every page, endpoint and list of ids of results goes through here."""
    qs = visible(ctx, READ, InstrumentResult.objects.select_related("person", "recorded_by"),
                 household_id=household_id)
    if not shown_sensitive:
        qs = qs.filter(health_data=False)
    return qs.order_by("-administered_on", "-recorded_at")


def is_sensitive_item(item: dict) -> bool:
    return item.get("domain") in dom.sensitive_keys()


def sensitive_hypothesis(hypothesis: dict, items_by_n: dict) -> bool:
    linked = [*hypothesis.get("factors", []), *hypothesis.get("worries", [])]
    return any(is_sensitive_item(items_by_n.get(n, {})) for n in linked)


def current_version(household_id, ctx=None) -> AnalysisVersion | None:
    """The newest version; with ctx, the newest version ctx may read."""
    versions = AnalysisVersion.objects.filter(household_id=household_id)
    if ctx is not None:
        from netwerkdossier.access.policy import READ, visible

        versions = visible(ctx, READ, versions, household_id=household_id)
    return versions.select_related("created_by", "owner_organisation").order_by(
        "-number").first()


def member_persons(household_id):
    return [m.person for m in HouseholdMember.objects.filter(household_id=household_id)
            .select_related("person").order_by("person__birth_date")]


# --- checking an analysis -------------------------------------------------------------------

def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _check_items(errors, items, previous_numbers, member_ids) -> list[dict]:
    known_domains = dom.domains()
    kinds = set(ItemKind.values)
    cleaned, seen = [], set()
    if len(items) > MAX_ITEMS:
        errors["items"] = [_("Een analyse heeft hoogstens {n} punten.").format(n=MAX_ITEMS)]
        return []
    for index, item in enumerate(items, start=1):
        where = f"items.{index}"
        item = item if isinstance(item, dict) else {}
        problems = []
        n = item.get("n")
        if n is not None and (n not in previous_numbers or n in seen):
            problems.append(_("Punt {n} bestaat niet in de vorige versie.").format(n=n))
        if item.get("domain") not in known_domains:
            problems.append(_("Kies een leefgebied."))
        if item.get("kind") not in kinds:
            problems.append(_("Kies wat dit punt is: zorg, wat gaat goed, risicofactor of "
                              "beschermende factor."))
        person = item.get("person")
        person = str(person) if person else None
        if person is not None and person not in member_ids:
            problems.append(_("Kies een gezinslid van dit huishouden, of het hele gezin."))
        text = _text(item.get("text"))
        if not text:
            problems.append(_("Schrijf het punt op; de tekst mag niet leeg zijn."))
        elif len(text) > MAX_ITEM:
            problems.append(_("De tekst is te lang (hoogstens {n} tekens).").format(n=MAX_ITEM))
        if problems:
            errors[where] = problems
            continue
        if n is not None:
            seen.add(n)
        cleaned.append({"n": n, "domain": item["domain"], "person": person,
                        "kind": item["kind"], "text": text})
    return cleaned


def _check_hypotheses(errors, hypotheses, items_by_n) -> list[dict]:
    cleaned = []
    for index, hypothesis in enumerate(hypotheses, start=1):
        where = f"hypotheses.{index}"
        hypothesis = hypothesis if isinstance(hypothesis, dict) else {}
        problems = []
        text = _text(hypothesis.get("text"))
        if not text:
            problems.append(_("Schrijf de hypothese op; de tekst mag niet leeg zijn."))
        elif len(text) > MAX_ITEM:
            problems.append(_("De tekst is te lang (hoogstens {n} tekens).").format(n=MAX_ITEM))
        factors = hypothesis.get("factors") or []
        worries = hypothesis.get("worries") or []
        if not isinstance(factors, list) or not isinstance(worries, list):
            factors, worries = [], []
        if not factors:
            problems.append(_("Noem welke risico- of beschermende factoren (puntnummers) de "
                              "hypothese gebruikt."))
        if not worries:
            problems.append(_("Noem welke zorgen (puntnummers) de hypothese verklaart."))
        for n in factors:
            if items_by_n.get(n, {}).get("kind") not in FACTOR_KINDS:
                problems.append(_("Punt {n} is geen risicofactor of beschermende factor in "
                                  "deze versie.").format(n=n))
        for n in worries:
            if items_by_n.get(n, {}).get("kind") != ItemKind.ZORG:
                problems.append(_("Punt {n} is geen zorg in deze versie.").format(n=n))
        if problems:
            errors[where] = problems
            continue
        cleaned.append({"n": hypothesis.get("n"), "text": text,
                        "factors": sorted(set(factors)), "worries": sorted(set(worries))})
    return cleaned


def _check_disagreements(errors, disagreements, member_ids) -> list[dict]:
    """``person``: the member whose own view the row records, or None for the family's
    shared view; in the portal a member's view follows access/family_rules.py."""
    cleaned = []
    for index, row in enumerate(disagreements, start=1):
        row = row if isinstance(row, dict) else {}
        about = _text(row.get("about"))
        family, professionals = _text(row.get("family")), _text(row.get("professionals"))
        if not about:
            errors[f"disagreements.{index}"] = [_("Schrijf waarover u en het gezin van "
                                                  "inzicht verschillen.")]
            continue
        if max(len(about), len(family), len(professionals)) > MAX_TEXT:
            errors[f"disagreements.{index}"] = [_("De tekst is te lang (hoogstens {n} tekens).")
                                                .format(n=MAX_TEXT)]
            continue
        person = str(row["person"]) if row.get("person") else None
        if person is not None and person not in member_ids:
            errors[f"disagreements.{index}"] = [_("Kies een gezinslid van dit huishouden, of "
                                                  "het hele gezin.")]
            continue
        # No key for the shared view, so versions saved before it existed compare equal.
        cleaned.append({"about": about, "family": family, "professionals": professionals,
                        **({"person": person} if person else {})})
    return cleaned


def _numbered(items, previous: dict) -> int:
    next_number = previous.get("next_number", 1)
    for item in items:
        if item["n"] is None:
            item["n"] = next_number
            next_number += 1
    return next_number


def _hidden_from_writer(previous: dict, shown: bool):
    """Sensitive points (and hypotheses using them) of the previous version that the
    writer did not see: they are carried over unchanged, never silently dropped."""
    if shown:
        return [], []
    items = [i for i in previous.get("items", []) if is_sensitive_item(i)]
    by_n = {i["n"]: i for i in previous.get("items", [])}
    hypotheses = [h for h in previous.get("hypotheses", []) if sensitive_hypothesis(h, by_n)]
    return items, hypotheses


# --- what changed -----------------------------------------------------------------------

def change_summary(previous: dict | None, content: dict) -> str:
    """Counts only, no content: it also goes into the timeline entry."""
    items = content["items"]
    if not previous:
        return ngettext("Eerste versie met {n} punt", "Eerste versie met {n} punten",
                        len(items)).format(n=len(items)) + ngettext(
            " en {n} hypothese.", " en {n} hypothesen.",
            len(content["hypotheses"])).format(n=len(content["hypotheses"]))
    old = {i["n"]: i for i in previous.get("items", [])}
    new = {i["n"]: i for i in items}
    parts = []
    added = [n for n in new if n not in old]
    removed = [n for n in old if n not in new]
    changed = [n for n in new if n in old and new[n] != old[n]]
    for count, one, many in (
            (len(added), "{n} punt toegevoegd", "{n} punten toegevoegd"),
            (len(changed), "{n} punt gewijzigd", "{n} punten gewijzigd"),
            (len(removed), "{n} punt verwijderd", "{n} punten verwijderd")):
        if count:
            parts.append(ngettext(one, many, count).format(n=count))
    if previous.get("hypotheses", []) != content["hypotheses"]:
        parts.append(_("hypothesen gewijzigd"))
    if previous.get("family_view", "") != content["family_view"]:
        parts.append(_("kijk van het gezin gewijzigd"))
    if previous.get("disagreements", []) != content["disagreements"]:
        parts.append(_("verschillen van inzicht gewijzigd"))
    if previous.get("instrument_results", []) != content["instrument_results"]:
        parts.append(_("instrumentuitkomsten gewijzigd"))
    return (", ".join(parts) + ".").capitalize() if parts else ""


# --- saving a version ---------------------------------------------------------------------

def save_version(ctx, household, *, based_on: int | None, items: list, hypotheses: list,
                 family_view: str = "", disagreements: list = (), instrument_results=(),
                 note: str = "", case=None, rule: str = "") -> AnalysisVersion:
    """Save a new version of the household's analysis (caller checked UPDATE access).

    ``based_on`` is the number of the version the writer started from (None for the
    first); if someone saved a newer one meanwhile, nothing is saved and the writer is
    told, so no one overwrites another's work unseen.
    """
    errors: dict = {}
    if ctx.membership is None:
        raise ValidationError(_("U hebt geen actieve rol in een organisatie."))
    previous_version = current_version(household.pk)
    previous = previous_version.content if previous_version else {}
    current_number = previous_version.number if previous_version else None
    if based_on != current_number:
        who = previous_version.created_by.get_full_name() if previous_version else ""
        raise ValidationError({"__all__": [
            _("Intussen heeft {who} versie {n} opgeslagen. Bekijk die versie eerst en breng "
              "uw wijzigingen daarin aan; er is niets opgeslagen.").format(
                who=who, n=current_number) if previous_version else
            _("De versie waarop u verder werkte bestaat niet; er is niets opgeslagen.")]})
    member_ids = {str(m.person_id) for m in HouseholdMember.objects.filter(
        household_id=household.pk)}
    shown = sees_sensitive(ctx, household.pk, previous_version)
    hidden_items, hidden_hypotheses = _hidden_from_writer(previous, shown)
    hidden_numbers = {i["n"] for i in hidden_items}
    previous_numbers = {i["n"] for i in previous.get("items", [])} - hidden_numbers
    items = _check_items(errors, list(items or []), previous_numbers, member_ids)
    if not shown and any(is_sensitive_item(i) for i in items):
        errors["items"] = [_("Punten over gezondheid en justitie schrijft alleen het team "
                             "van dit gezin.")]
    next_number = _numbered(items, previous)
    items = sorted(items + hidden_items, key=lambda i: i["n"])
    items_by_n = {i["n"]: i for i in items}
    hypotheses = _check_hypotheses(errors, list(hypotheses or []), items_by_n)
    if not shown and any(sensitive_hypothesis(h, items_by_n) for h in hypotheses):
        errors["hypotheses"] = [_("Een hypothese over punten die u niet kunt zien, past "
                                  "alleen het team van dit gezin aan.")]
    hyp_number = max([h.get("n") or 0 for h in previous.get("hypotheses", [])] + [0]) + 1
    for hypothesis in hypotheses:
        if not hypothesis.get("n"):
            hypothesis["n"] = hyp_number
            hyp_number += 1
    hypotheses = sorted(hypotheses + hidden_hypotheses, key=lambda h: h["n"])
    family_view = _text(family_view)
    if len(family_view) > MAX_TEXT:
        errors["family_view"] = [_("De tekst is te lang (hoogstens {n} tekens).")
                                 .format(n=MAX_TEXT)]
    disagreements = _check_disagreements(errors, list(disagreements or []), member_ids)
    note = _text(note)
    if len(note) > 2000:
        errors["note"] = [_("De toelichting is te lang (hoogstens 2000 tekens).")]
    # The writer chooses among the results they may read (one they may not read is
    # refused like one that does not exist); the previous version's references to
    # results hidden from the writer stay, as its hidden points do.
    readable = {str(pk) for pk in readable_results(ctx, household.pk, shown)
                .values_list("pk", flat=True)}
    wanted = [str(r) for r in dict.fromkeys(instrument_results or [])]
    if set(wanted) - readable:
        errors["instrument_results"] = [_("Kies alleen uitkomsten van instrumenten bij dit "
                                          "huishouden.")]
    wanted += [r for r in previous.get("instrument_results", [])
               if r not in readable and r not in wanted]
    if case is not None and (case.household_id != household.pk or case.closed_on):
        errors["case"] = [_("Kies een lopend traject van dit huishouden.")]
    if errors:
        raise ValidationError(errors)
    content = {"items": items, "hypotheses": hypotheses, "family_view": family_view,
               "disagreements": disagreements, "instrument_results": wanted,
               "next_number": next_number}
    summary = change_summary(previous if previous_version else None, content)
    if previous_version and not summary:
        raise ValidationError({"__all__": [_("Er is niets veranderd sinds versie {n}; er is "
                                             "geen nieuwe versie gemaakt.")
                                           .format(n=current_number)]})
    if case is None:
        case = _single_open_case(household)
    with transaction.atomic():
        version = AnalysisVersion(
            household=household, case=case, number=(current_number or 0) + 1,
            content=content, change_summary=summary, note=note,
            health_data=any(dom.domains()[i["domain"]].health for i in items),
            criminal_data=any(dom.domains()[i["domain"]].criminal for i in items),
            created_by=ctx.user, author_discipline=ctx.discipline,
            owner_organisation_id=ctx.organisation_id)
        version.save()
        # About the household's current members and anyone the content names (a
        # former member too).
        named = {i["person"] for i in items if i.get("person")} | {
            d["person"] for d in disagreements if d.get("person")}
        record(ctx, "analysis.version.create", [version], action="create", rule=rule,
               subjects=named)
        add_entry(ctx, household, kind="analysis",
                  text=_("Integrale analyse: versie {n} opgeslagen. {summary}").format(
                      n=version.number, summary=summary),
                  occurred_at=version.created_at, subjects=member_persons(household.pk),
                  confidentiality=10, legal_basis=LEGAL_BASIS, case=case)
    return version


def _valid_uuids(values):
    valid = []
    for value in values:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return valid


def _single_open_case(household):
    cases = list(Case.objects.filter(household=household, closed_on__isnull=True)[:2])
    return cases[0] if len(cases) == 1 else None


# --- the family's response ------------------------------------------------------------------

def respond(ctx, version: AnalysisVersion, person, agrees: bool, text: str = "", *,
            rule: str = "") -> FamilyResponse:
    """Record that a family member co-signs (agrees) or disputes a version.

    A professional records it on behalf of the named member; the family portal will call
    this with the member's own context (then ``person`` must be the member). The caller
    has decided access: UPDATE on the version for a professional.
    """
    errors: dict = {}
    text = _text(text)
    membership = HouseholdMember.objects.filter(household_id=version.household_id,
                                                person_id=getattr(person, "pk", None)).first()
    if membership is None:
        errors["person"] = [_("Kies een gezinslid van dit huishouden.")]
    elif age_on(person.birth_date, timezone.localdate()) < RESPOND_MIN_AGE:
        errors["person"] = [_("{name} is jonger dan 12 jaar; een ouder met gezag reageert "
                              "namens het kind. Schrijf de kijk van het kind bij 'De kijk "
                              "van het gezin'.").format(name=person.given_names)]
    elif ctx.is_family and person.pk != ctx.person_id:
        errors["person"] = [_("U kunt alleen voor uzelf reageren.")]
    if not isinstance(agrees, bool):
        errors["agrees"] = [_("Kies of het gezinslid de analyse ondertekent of betwist.")]
    elif not agrees and not text:
        errors["text"] = [_("Schrijf in de eigen woorden van het gezinslid wat niet klopt.")]
    if len(text) > MAX_TEXT:
        errors["text"] = [_("De tekst is te lang (hoogstens {n} tekens).").format(n=MAX_TEXT)]
    if not ctx.is_family and ctx.membership is None:
        raise ValidationError(_("U hebt geen actieve rol in een organisatie."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        response = FamilyResponse(
            version=version, household_id=version.household_id, person=person,
            agrees=agrees, text=text, recorded_by=ctx.user,
            channel=FamilyResponse.Channel.PORTAL if ctx.is_family
            else FamilyResponse.Channel.PROFESSIONAL)
        response.save()
        record(ctx, "analysis.response.create", [response], action="create", rule=rule,
               subjects=[person])
        if not ctx.is_family:
            what = _("medeondertekend") if agrees else _("betwist")
            add_entry(ctx, version.household, kind="analysis",
                      text=_("{name} heeft versie {n} van de integrale analyse {what} "
                             "(vastgelegd door de professional namens {name}).").format(
                          name=person.full_name, n=version.number, what=what),
                      occurred_at=response.recorded_at, subjects=[person],
                      confidentiality=10, legal_basis=LEGAL_BASIS, case=version.case)
    return response


def latest_responses(responses) -> list:
    """The newest response per person, in the order given (oldest first)."""
    newest = {}
    for r in responses:
        newest[r.person_id] = r
    return sorted(newest.values(), key=lambda r: r.recorded_at)


# --- instruments ------------------------------------------------------------------------------

def administer(ctx, household, instrument, person, answers: dict, administered_on, *,
               case=None, rule: str = "") -> InstrumentResult:
    """Score and store one administration (caller checked UPDATE access).

    Answer errors are keyed "answers.<item key>"; nothing is saved on any error.
    """
    errors: dict = {}
    if ctx.membership is None:
        raise ValidationError(_("U hebt geen actieve rol in een organisatie."))
    if instrument is None:
        raise ValidationError({"instrument": [_("Kies een bestaand instrument.")]})
    if person is None or not HouseholdMember.objects.filter(
            household_id=household.pk, person_id=person.pk).exists():
        errors["person"] = [_("Kies het gezinslid voor wie u het instrument invult.")]
    if administered_on is None:
        errors["administered_on"] = [_("Vul de datum in waarop het instrument is afgenomen.")]
    elif administered_on > timezone.localdate():
        errors["administered_on"] = [_("De datum ligt in de toekomst.")]
    if case is not None and case.household_id != household.pk:
        errors["case"] = [_("Kies een lopend traject van dit huishouden.")]
    cleaned = {}
    try:
        cleaned = engine.clean_answers(instrument, answers if isinstance(answers, dict) else {})
    except ValidationError as exc:
        for key, messages in exc.message_dict.items():
            errors[f"answers.{key}"] = messages
    if errors:
        raise ValidationError(errors)
    scores = [s.as_dict() for s in engine.score(instrument, cleaned)]
    with transaction.atomic():
        result = InstrumentResult(
            household=household, case=case or _single_open_case(household), person=person,
            instrument_key=instrument.key, instrument_version=instrument.version,
            instrument_title=instrument.title, definition=instrument.raw, answers=cleaned,
            scores=scores, administered_on=administered_on,
            health_data=instrument.health_data, recorded_by=ctx.user,
            author_discipline=ctx.discipline, owner_organisation_id=ctx.organisation_id)
        result.save()
        record(ctx, "instrument.result.create", [result], action="create", rule=rule)
        add_entry(ctx, household, kind="assessment",
                  text=_("Instrument '{title}' (versie {version}) afgenomen voor {name}.")
                  .format(title=instrument.title, version=instrument.version,
                          name=person.full_name),
                  occurred_at=result.recorded_at, subjects=[person], confidentiality=10,
                  legal_basis=LEGAL_BASIS, case=result.case,
                  health_data=instrument.health_data)
    return result

