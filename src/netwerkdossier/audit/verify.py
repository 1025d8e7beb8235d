"""Walk the chain and name the first record that was altered, removed or reordered."""

from dataclasses import dataclass

from .chain import CHAINED_FIELDS, GENESIS_HASH, record_hash
from .models import AccessLogRecord, ChainHead


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    first_bad_id: int | None = None
    problem: str = ""


def verify_chain(chunk_size: int = 20000) -> VerifyResult:
    prev_hash = GENESIS_HASH
    expected_id = 1
    checked = 0
    fields = (*CHAINED_FIELDS, "prev_hash", "hash")
    rows = AccessLogRecord.objects.order_by("id").values_list(*fields)
    for row in rows.iterator(chunk_size=chunk_size):
        values = dict(zip(fields, row, strict=True))
        rid = values["id"]
        if rid != expected_id:
            return VerifyResult(False, checked, expected_id,
                                f"record {expected_id} is missing (next present is {rid})")
        if values["prev_hash"] != prev_hash:
            return VerifyResult(False, checked, rid,
                                f"record {rid} does not follow its predecessor "
                                "(removed or reordered)")
        if record_hash(prev_hash, values) != values["hash"]:
            return VerifyResult(False, checked, rid, f"record {rid} was altered")
        prev_hash = values["hash"]
        expected_id += 1
        checked += 1
    head = ChainHead.objects.filter(pk=1).first()
    if head is not None and (head.last_id != expected_id - 1 or head.last_hash != prev_hash):
        return VerifyResult(False, checked, expected_id,
                            f"the newest records after {expected_id - 1} were removed")
    return VerifyResult(True, checked)
