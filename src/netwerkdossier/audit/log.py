"""Append records to the access log, inside the caller's transaction (fail closed)."""

from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import transaction

from .chain import GENESIS_HASH, record_hash
from .models import AccessLogRecord, ChainHead


@dataclass
class LogEvent:
    event_code: str
    action: str
    result: str = AccessLogRecord.Result.GRANTED
    object_type: str = ""
    object_ids: list = field(default_factory=list)
    subject_ids: list = field(default_factory=list)
    rule: str = ""
    consent_profile: str = ""
    break_glass: bool = False


def _head_for_update() -> ChainHead:
    head = ChainHead.objects.select_for_update().filter(pk=1).first()
    if head is None:
        ChainHead.objects.get_or_create(pk=1, defaults={"last_hash": GENESIS_HASH})
        head = ChainHead.objects.select_for_update().get(pk=1)
    return head


def append(ctx, events: list[LogEvent]) -> list[AccessLogRecord]:
    """Write events for the acting context. Must run inside the transaction of the access."""
    if not events:
        return []
    with transaction.atomic():
        head = _head_for_update()
        prev = head.last_hash
        now = datetime.now(UTC)
        actor = ctx.log_fields() if ctx is not None else {}
        written = []
        for event in events:
            record = AccessLogRecord(
                occurred_at=now,
                event_code=event.event_code,
                action=event.action,
                result=event.result,
                user_id=actor.get("user_id", ""),
                username=actor.get("username", ""),
                organisation_id=actor.get("organisation_id", ""),
                role=actor.get("role", ""),
                responsible_user_id=actor.get("responsible_user_id", ""),
                purpose=actor.get("purpose", ""),
                object_type=event.object_type,
                object_ids=[str(i) for i in event.object_ids],
                subject_ids=sorted({str(i) for i in event.subject_ids}),
                rule=event.rule,
                consent_profile=event.consent_profile,
                break_glass=event.break_glass,
                source=settings.NETWERKDOSSIER_NODE_ID,
                channel=actor.get("channel", "system"),
                prev_hash=prev,
                hash="",
            )
            # The id is part of the hash, so take it from the chain head, not the sequence.
            record.id = head.last_id + 1 + len(written)
            record.hash = record_hash(prev, record.__dict__)
            prev = record.hash
            written.append(record)
        AccessLogRecord.objects.bulk_create(written)
        head.last_id = written[-1].id
        head.last_hash = prev
        head.save(update_fields=["last_id", "last_hash"])
    return written


def log(ctx, event_code: str, action: str, **kwargs) -> AccessLogRecord:
    return append(ctx, [LogEvent(event_code=event_code, action=action, **kwargs)])[0]
