"""How a case's team may be composed. Programme practice, not law, so kept here beside
the code that applies it; each rule names where it comes from.

Source for all: Vogtländer & Van Arum (2016), *Eerst samenwerken voor veiligheid, dan
samenwerken voor risicogestuurde zorg* (VNG & GGD GHOR Nederland) and the Toekomstscenario
kind- en gezinsbescherming: one case director from the local team, a fixed face and a
fixed duo instead of handovers, the regional safety team (RVT) working *with* the local
team. The exact limits below are project choices (to confirm with the region).
"""

from netwerkdossier.cases.models import TeamAssignment
from netwerkdossier.organisations.models import Organisation

Role = TeamAssignment.Role

# Roles of which a case has at most one current holder. The fixed duo is the fixed face
# plus one partner, so one vast_duo assignment per case.
SINGLE_HOLDER = (Role.CASUSREGISSEUR, Role.VAST_GEZICHT, Role.VAST_DUO)

# "RVT betrekken": how the RVT professional joins. The local professional always stays.
RVT_MODES = {
    "rvt_consultatie": Role.CONSULTANT,  # consultation: advises the team
    "rvt_gezamenlijk": Role.VAST_DUO,  # joint work: forms the fixed duo with the local team
}
RVT_KIND = Organisation.Kind.RVT

# A case always keeps a case director; the role moves only by an explicit handover.
ALWAYS_FILLED = (Role.CASUSREGISSEUR,)

# The organisation of the case director leads the case (regievoerende organisatie): a
# handover of this role to another organisation moves the lead with it.
LEADS_CASE = (Role.CASUSREGISSEUR,)
