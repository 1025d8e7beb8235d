from dataclasses import dataclass


@dataclass(frozen=True)
class Decision:
    allowed: bool
    rule: str
    reason: str  # Dutch, shown in "Waarom zie ik dit?"


class AccessRefused(Exception):
    """Raised for an object the actor may not see; becomes a logged 404."""

    def __init__(self, ctx, event_code: str, object_type: str, object_id, decision: Decision,
                 action: str = "R", break_glass: bool = False):
        super().__init__(f"{event_code} refused by {decision.rule}")
        self.action = action  # NEN 7513 action code of the refused attempt (C/R/U/D/E)
        self.break_glass = break_glass  # an attempt at emergency access (with a reason)
        self.ctx = ctx
        self.event_code = event_code
        self.object_type = object_type
        self.object_id = object_id
        self.decision = decision
