import json

from django.db import models
from django.utils.translation import gettext_lazy as _


class JSONListField(models.JSONField):
    """A JSON list stored as PostgreSQL `json`: the text kept exactly as written, so the
    canonical text of a record (chain.py) is the column's text, without turning jsonb
    back into text for every record `audit verify` checks (decision 0047). Containment
    queries cast to jsonb (queries.json_list_has). Other databases: as JSONField."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return "json"
        return super().db_type(connection)

    def get_db_prep_save(self, value, connection):
        if value is not None and connection.vendor == "postgresql":
            # The canonical form (chain.py), stored as written.
            return json.dumps(value, ensure_ascii=False)
        return super().get_db_prep_save(value, connection)

    def from_db_value(self, value, expression, connection):
        if value is not None and not isinstance(value, str):
            return value  # psycopg parses `json` itself
        return super().from_db_value(value, expression, connection)


class AccessLogRecord(models.Model):
    """One NEN 7513 access-log record. Insert-only: database triggers refuse UPDATE and
    DELETE (decisions 0027 and 0047).

    Written by the request (log.py) with its content and `content_seal`; chained a
    moment later by the sequencer (sequencer.py), which writes its ChainLink: its
    `position` in the chain (contiguous), `prev_hash`, `hash` and `seal`. `id` names the
    record and may have gaps (a rolled-back request uses one up); the chain runs by
    position.
    """

    class Action(models.TextChoices):
        CREATE = "C", _("Aanmaken")
        READ = "R", _("Inzien")
        UPDATE = "U", _("Wijzigen")
        DELETE = "D", _("Vernietigen")
        EXECUTE = "E", _("Uitvoeren")

    class Result(models.TextChoices):
        GRANTED = "granted", _("Toegestaan")
        REFUSED = "refused", _("Geweigerd")
        ERROR = "error", _("Fout")

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField()
    event_code = models.CharField(max_length=60)
    action = models.CharField(max_length=1, choices=Action.choices)
    result = models.CharField(max_length=10, choices=Result.choices)
    user_id = models.CharField(max_length=64, blank=True)
    username = models.CharField(max_length=150, blank=True)
    organisation_id = models.CharField(max_length=64, blank=True)
    role = models.CharField(max_length=40, blank=True)
    responsible_user_id = models.CharField(max_length=64, blank=True)
    purpose = models.CharField(max_length=40, blank=True)
    object_type = models.CharField(max_length=40, blank=True)
    object_ids = JSONListField(default=list)
    subject_ids = JSONListField(default=list)
    rule = models.CharField(max_length=80, blank=True)
    consent_profile = models.CharField(max_length=80, blank=True)
    break_glass = models.BooleanField(default=False)
    source = models.CharField(max_length=120, blank=True)
    channel = models.CharField(max_length=10, blank=True)
    # HMAC of the record's canonical text under the access-log key, by the writer: a
    # record without a valid one was not written by the application.
    content_seal = models.CharField(max_length=32, default="")

    class Meta:
        indexes = [
            models.Index(fields=["occurred_at"]),
            models.Index(fields=["user_id", "occurred_at"]),
        ]


class ChainLink(models.Model):
    """A record's place in the hash chain (decision 0047): narrow, insert-only (database
    triggers refuse UPDATE and DELETE), written by the sequencer. `hash` =
    chain.link_hash(prev_hash, leaf), leaf = sha256 of the record's canonical text; a
    link chained before decision 0047 has no leaf and hash = chain.record_hash(). `seal`
    is the HMAC of the hash under the access-log key (keys.py): no key, no valid seal.
    No foreign-key constraint: `audit verify` names a link whose record is gone."""

    position = models.BigIntegerField(primary_key=True)
    record = models.OneToOneField(AccessLogRecord, on_delete=models.DO_NOTHING,
                                  db_constraint=False, related_name="link")
    leaf = models.CharField(max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    seal = models.CharField(max_length=32)


class UnchainedRecord(models.Model):
    """The sequencer's queue: the records one append() wrote and that are not chained
    yet, one row per call, with their leaves and one leaf seal over them all, so the
    sequencer never reads the records (decisions 0047 and 0055). `id` is the first
    record's id (the queue's order); `record_ids` and `leaf` hold the ids and leaves
    comma-joined, in the same order. A row with an empty `record_ids` stands for the
    record `id` alone; one with an empty leaf (queued again by the operator's commands)
    makes the sequencer read its records and check their content seals. Removing a row
    here only delays chaining; `audit verify` reports records left unchained."""

    id = models.BigIntegerField(primary_key=True)
    # A database default: writers of the version before decision 0055 leave it out.
    record_ids = models.TextField(blank=True, default="", db_default="")
    leaf = models.TextField(blank=True, default="")
    leaf_seal = models.CharField(max_length=32, blank=True, default="")

    def entries(self) -> list[tuple[int, str]] | None:
        """(record id, leaf) for each record of the row; leaf '' when it has none; None
        when its ids and leaves do not pair up."""
        return queued_entries(self.id, self.record_ids, self.leaf)


def queued_ids(row_id: int, record_ids: str) -> list[int]:
    """The record ids a queue row stands for."""
    return [int(i) for i in record_ids.split(",")] if record_ids else [row_id]


def queued_entries(row_id: int, record_ids: str, leaves: str) -> list[tuple[int, str]] | None:
    """(record id, leaf) per record of a queue row (see UnchainedRecord); None when the
    row's leaves do not match its ids (not written by the application)."""
    ids = queued_ids(row_id, record_ids)
    if not leaves:
        return [(i, "") for i in ids]
    split = leaves.split(",")
    return list(zip(ids, split, strict=True)) if len(split) == len(ids) else None


class ChainHead(models.Model):
    """The newest hash of the chain; its row lock serialises the sequencer (never a
    request). `last_id` is the position of the newest chained record."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
