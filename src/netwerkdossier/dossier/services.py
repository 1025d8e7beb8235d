"""Writes to the timeline. Nothing is overwritten: a correction is a new version."""

import uuid
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from netwerkdossier import rules
from netwerkdossier.access.api import ADD_ENTRY, CORRECT, decide, record
from netwerkdossier.households.models import HouseholdMember

from .attachments import check_upload
from .models import (
    RELEASE_OPENNESS,
    SENSITIVE_CATEGORIES,
    Attachment,
    Confidentiality,
    Entry,
    EntryKind,
    ReporterIdentity,
)

SECRECY_RELEASES = ("toestemming", "conflict_van_plichten")
REPORTER_FIELDS = ("name", "contact", "relation", "is_professional")
KEEP = object()  # correct_entry: keep the reporter of the old version


class CorrectedMeanwhile(ValidationError):
    """Someone else saved a newer version between the reading and this correction: the
    API answers 412, the web form shows both texts."""

    def __init__(self):
        super().__init__(_("Iemand anders heeft deze aantekening net gecorrigeerd. Open de "
                           "nieuwste versie."))


def _check_fields(errors: dict, *, kind, text, occurred_at, confidentiality, legal_basis):
    if kind not in EntryKind.values:
        errors["kind"] = [_("Kies een soort aantekening.")]
    if not (text or "").strip():
        errors["text"] = [_("Schrijf wat er is gebeurd; de tekst mag niet leeg zijn.")]
    elif len(text) > 20000:
        errors["text"] = [_("De tekst is te lang (hoogstens 20.000 tekens).")]
    if not isinstance(occurred_at, datetime):
        errors["occurred_at"] = [_("Vul een geldige datum en tijd in.")]
    elif occurred_at > timezone.now() + timedelta(minutes=5):
        errors["occurred_at"] = [_("De datum ligt in de toekomst. Leg alleen vast wat al "
                                   "is gebeurd.")]
    if confidentiality is None:
        errors["confidentiality"] = [_("Kies wie dit mag lezen.")]
    elif confidentiality not in Confidentiality.values:
        errors["confidentiality"] = [_("Kies een geldig vertrouwelijkheidsniveau.")]
    if legal_basis not in {b["key"] for b in rules.legal_bases()}:
        errors["legal_basis"] = [_("Kies de grondslag waarop u dit vastlegt.")]


def _check_secrecy_level(errors: dict, ctx, confidentiality, old=None) -> None:
    if confidentiality == Confidentiality.BEROEPSGEHEIM and \
            ctx.discipline not in rules.secrecy_disciplines():
        errors["confidentiality"] = [_("Alleen een beroepsgroep met beroepsgeheim kan dit "
                                       "niveau kiezen.")]
    if old is not None and confidentiality < old.confidentiality:
        # Lowering would expose the old text's subject matter to more people.
        errors["confidentiality"] = [_("Bij een correctie kan de vertrouwelijkheid niet "
                                       "lager worden dan die was.")]


def _check_subjects(errors: dict, household, subjects) -> None:
    member_ids = set(HouseholdMember.objects.filter(household=household)
                     .values_list("person_id", flat=True))
    if not subjects:
        errors["subjects"] = [_("Kies over welk gezinslid dit gaat.")]
    elif any(s.pk not in member_ids for s in subjects):
        errors["subjects"] = [_("Kies alleen leden van dit huishouden.")]


def _check_sensitivity(errors: dict, household, *, confidentiality, confidential_for_member,
                       secrecy_release) -> None:
    if confidential_for_member is not None and not HouseholdMember.objects.filter(
            household=household, person_id=confidential_for_member.pk).exists():
        errors["confidential_for_member"] = [_("Kies bij 'vertrouwelijk voor gezinslid' "
                                               "een lid van dit huishouden.")]
    if secrecy_release not in ("", *SECRECY_RELEASES):
        errors["secrecy_release"] = [_("Kies een geldige reden om het beroepsgeheim te "
                                       "doorbreken.")]
    elif secrecy_release and confidentiality != Confidentiality.BEROEPSGEHEIM:
        errors["secrecy_release"] = [_("Het beroepsgeheim doorbreken kan alleen bij een "
                                       "aantekening onder beroepsgeheim.")]


def _clean_reporter(errors: dict, kind, reporter) -> dict | None:
    """The reporter (melder) fields, stripped, or None when none were given."""
    if not reporter:
        return None
    cleaned = {
        "name": str(reporter.get("name") or "").strip(),
        "contact": str(reporter.get("contact") or "").strip(),
        "relation": str(reporter.get("relation") or "").strip(),
        "is_professional": bool(reporter.get("is_professional")),
    }
    if not any(cleaned.values()):
        return None
    if kind != EntryKind.REPORT:
        errors["reporter"] = [_("Een melder kan alleen bij een melding worden vastgelegd.")]
        return None
    if not cleaned["name"]:
        errors["reporter_name"] = [_("Vul de naam van de melder in.")]
    for name in ("name", "contact", "relation"):
        if len(cleaned[name]) > 200:
            errors[f"reporter_{name}"] = [_("Dit veld is te lang (hoogstens 200 tekens).")]
    return cleaned


def _check_not_less_protected(errors: dict, old: Entry, *, health_data, criminal_data,
                              third_party_data, confidential_for_member) -> None:
    """A correction may add protection, never silently take it away from the old text."""
    for name, new in (("health_data", health_data), ("criminal_data", criminal_data),
                      ("third_party_data", third_party_data)):
        if getattr(old, name) and not new:
            errors[name] = [_("Bij een correctie kan een gevoelige categorie niet worden "
                              "weggehaald.")]
    new_member = getattr(confidential_for_member, "pk", None)
    if old.confidential_for_member_id is not None and \
            new_member != old.confidential_for_member_id:
        errors["confidential_for_member"] = [_("Bij een correctie kan 'vertrouwelijk voor "
                                               "gezinslid' niet worden weggehaald of naar "
                                               "iemand anders gaan.")]


def _checked_uploads(errors: dict, uploads) -> list[tuple]:
    checked = []
    for upload in uploads or []:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as exc:
            errors.setdefault("attachments", []).extend(exc.messages)
    return checked


def _store_attachments(entry: Entry, checked) -> list[str]:
    stored = []
    for upload, meta in checked:
        suffix = "." + meta["original_name"].rsplit(".", 1)[-1].lower()
        attachment = Attachment(entry=entry, **meta)
        # Stored under a random name: the original name is metadata, never a path.
        attachment.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
        stored.append(attachment.file.name)
        attachment.save()
    return stored


def _discard_files(entry_storage, names) -> None:
    for name in names:
        entry_storage.delete(name)


def add_entry(ctx, household, *, kind, text, occurred_at, subjects, confidentiality,
              legal_basis, case=None, uploads=(), health_data=False, criminal_data=False,
              third_party_data=False, confidential_for_member=None, secrecy_release="",
              reporter=None, rule="") -> Entry:
    """Add an entry (the caller has checked ADD_ENTRY access). Raises ValidationError.

    `reporter` (only for kind "report") is a dict with name, contact, relation and
    is_professional; `confidential_for_member` a Person of this household; `rule` the
    rule of the caller's decision, for the access log.
    """
    # The access log names the rule that allowed the write; a caller that did not pass
    # its decision's rule gets it decided here (not the generic "visible").
    rule = rule or decide(ctx, ADD_ENTRY, household).rule
    errors: dict = {}
    if ctx.membership is None:
        raise ValidationError(_("U hebt geen actieve rol in een organisatie."))
    secrecy_release = secrecy_release or ""
    _check_fields(errors, kind=kind, text=text, occurred_at=occurred_at,
                  confidentiality=confidentiality, legal_basis=legal_basis)
    _check_subjects(errors, household, subjects)
    _check_sensitivity(errors, household, confidentiality=confidentiality,
                       confidential_for_member=confidential_for_member,
                       secrecy_release=secrecy_release)
    reporter = _clean_reporter(errors, kind, reporter)
    if not errors:
        _check_secrecy_level(errors, ctx, confidentiality)
    if case is not None and case.household_id != household.pk:
        errors["case"] = [_("Dit traject hoort niet bij dit huishouden.")]
    checked = _checked_uploads(errors, uploads)
    if errors:
        raise ValidationError(errors)
    entry_id = uuid.uuid4()
    entry = Entry(id=entry_id, root_id=entry_id, household=household, case=case, kind=kind,
                  text=text.strip(), occurred_at=occurred_at, author=ctx.user,
                  author_discipline=ctx.discipline, owner_organisation_id=ctx.organisation_id,
                  confidentiality=confidentiality, legal_basis=legal_basis,
                  health_data=bool(health_data), criminal_data=bool(criminal_data),
                  third_party_data=bool(third_party_data),
                  confidential_for_member=confidential_for_member,
                  secrecy_release=secrecy_release)
    return _save_version(ctx, entry, subjects, checked, "entry.create", "C",
                         reporter=reporter, rule=rule)


def _old_reporter(old: Entry) -> dict | None:
    found = ReporterIdentity.objects.filter(entry=old).values(*REPORTER_FIELDS).first()
    return dict(found) if found else None


def correct_entry(ctx, old: Entry, *, text, reason, kind=None, occurred_at=None,
                  subjects=None, confidentiality=None, legal_basis=None, uploads=(),
                  health_data=None, criminal_data=None, third_party_data=None,
                  confidential_for_member=KEEP, secrecy_release=None,
                  reporter=KEEP, rule="") -> Entry:
    """Write a new version that replaces `old` (the caller has checked CORRECT access).

    Omitted fields keep the old version's values; the reporter (melder) is copied to the
    new version unless a replacement is given, and cannot be removed. `rule`: the rule of
    the caller's decision, for the access log.
    """
    rule = rule or decide(ctx, CORRECT, old).rule  # as in add_entry
    errors: dict = {}
    kind = kind or old.kind
    occurred_at = occurred_at or old.occurred_at
    confidentiality = old.confidentiality if confidentiality is None else confidentiality
    legal_basis = legal_basis or old.legal_basis
    subjects = list(old.subjects.all()) if subjects is None else subjects
    health_data = old.health_data if health_data is None else bool(health_data)
    criminal_data = old.criminal_data if criminal_data is None else bool(criminal_data)
    third_party_data = old.third_party_data if third_party_data is None \
        else bool(third_party_data)
    if confidential_for_member is KEEP:
        confidential_for_member = old.confidential_for_member
    secrecy_release = old.secrecy_release if secrecy_release is None else secrecy_release
    previous_reporter = _old_reporter(old)
    _check_fields(errors, kind=kind, text=text, occurred_at=occurred_at,
                  confidentiality=confidentiality, legal_basis=legal_basis)
    _check_subjects(errors, old.household, subjects)
    _check_sensitivity(errors, old.household, confidentiality=confidentiality,
                       confidential_for_member=confidential_for_member,
                       secrecy_release=secrecy_release)
    _check_not_less_protected(errors, old, health_data=health_data,
                              criminal_data=criminal_data, third_party_data=third_party_data,
                              confidential_for_member=confidential_for_member)
    reporter = _clean_reporter(errors, kind,
                               previous_reporter if reporter is KEEP else reporter)
    if previous_reporter and reporter is None and "reporter" not in errors:
        errors["reporter_name"] = [_("Bij een correctie kan de melder niet worden "
                                     "weggehaald.")]
    if "confidentiality" not in errors and confidentiality != old.confidentiality:
        _check_secrecy_level(errors, ctx, confidentiality, old)
    if not (reason or "").strip():
        errors["reason"] = [_("Schrijf waarom u dit corrigeert.")]
    if not old.is_current:
        errors["__all__"] = [_("Dit is een oude versie. Corrigeer de nieuwste versie.")]
    checked = _checked_uploads(errors, uploads)
    if errors:
        raise ValidationError(errors)
    entry = Entry(household_id=old.household_id, case_id=old.case_id, kind=kind,
                  text=text.strip(), occurred_at=occurred_at, author=ctx.user,
                  author_discipline=ctx.discipline, owner_organisation_id=old.owner_organisation_id,
                  confidentiality=confidentiality, legal_basis=legal_basis,
                  version=old.version + 1, root_id=old.root_id, replaces=old,
                  correction_reason=reason.strip(), health_data=health_data,
                  criminal_data=criminal_data, third_party_data=third_party_data,
                  confidential_for_member=confidential_for_member,
                  secrecy_release=secrecy_release, **chain_after(old))
    return _save_version(ctx, entry, subjects, checked, "entry.correct", "U", old=old,
                         reporter=reporter, rule=rule)


def chain_after(old: Entry) -> dict:
    """The chain columns of a new version of `old`: it starts from the protection of the
    chain so far (decision 0021). Its own secrecy release is not capped: it is the newest."""
    return {"chain_confidentiality": old.level_in_chain,
            "chain_confidential_for_member_id": old.confidential_for_member_id
            or old.chain_confidential_for_member_id,
            **{f"chain_{name}": old.category_in_chain(name) for name in SENSITIVE_CATEGORIES}}


def protect_older_versions(entry: Entry) -> None:
    """Give every older version of the chain the protection of the new one (decision
    0021). Only the chain columns change; what an old version says stays as it was."""
    older = Entry.objects.filter(root_id=entry.root_id).exclude(pk=entry.pk)
    level = entry.level_in_chain
    older.filter(chain_confidentiality__lt=level).update(chain_confidentiality=level)
    for name in SENSITIVE_CATEGORIES:
        if entry.category_in_chain(name):
            older.filter(**{f"chain_{name}": False}).update(**{f"chain_{name}": True})
    member = entry.confidential_for_member_id or entry.chain_confidential_for_member_id
    if member is not None:
        older.filter(chain_confidential_for_member__isnull=True).update(
            chain_confidential_for_member_id=member)
    # A release withdrawn or narrowed in the new version closes the older ones too; a
    # release granted in the new version opens that version only.
    release = entry.release_in_chain
    wider = [r for r, openness in RELEASE_OPENNESS.items()
             if openness > RELEASE_OPENNESS.get(release, 0)]
    if wider:
        older.filter(chain_secrecy_release__in=wider).update(chain_secrecy_release=release)


def _save_version(ctx, entry, subjects, checked, event_code, action, old=None,
                  reporter=None, rule="") -> Entry:
    stored: list[str] = []
    try:
        with transaction.atomic():
            if old is not None:
                # Only the flag moves; the old text stays as it was.
                updated = Entry.objects.filter(pk=old.pk, is_current=True).update(
                    is_current=False)
                if updated != 1:
                    raise CorrectedMeanwhile
            entry.save()
            if old is not None:
                protect_older_versions(entry)
            entry.subjects.set(subjects)
            if reporter:
                ReporterIdentity.objects.create(entry=entry, **reporter)
            if old is not None:
                for previous in old.attachments.all():
                    Attachment.objects.create(
                        entry=entry, file=previous.file.name, original_name=previous.original_name,
                        content_type=previous.content_type, size=previous.size,
                        sha256=previous.sha256)
            stored = _store_attachments(entry, checked)
            # Subjects from the catalogue: of the new version and the one it replaces
            # (a correction can take a person off the entry).
            record(ctx, event_code, [entry, old], action=action, rule=rule)
    except IntegrityError as exc:
        _discard_files(Attachment.file.field.storage, stored)
        raise CorrectedMeanwhile from exc
    except Exception:
        _discard_files(Attachment.file.field.storage, stored)
        raise
    return entry
