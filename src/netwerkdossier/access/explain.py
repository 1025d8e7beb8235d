"""Dutch explanations for every rule id: what "Waarom zie ik dit?" and refusals say."""

from django.utils.translation import gettext as _


def relation_reason(name: str) -> str:
    from .relation_rules import BY_NAME

    return str(BY_NAME[name].reason)


def refusal_reason(rule: str) -> str:
    return {
        "no_content_role": _("Uw rol geeft geen toegang tot dossiers van gezinnen."),
        "purpose": _("Voor dit doel van gebruik mag u geen dossierinhoud zien."),
        "no_purpose": _("Kies eerst het doel van uw werk."),
        "family_under_12": _("Voor kinderen onder 12 jaar regelen de ouders met gezag de "
                             "inzage."),
        "not_related": _("U zit niet in het team en bent op geen andere manier betrokken "
                         "bij dit huishouden."),
        "not_found": _("Dit bestaat niet of u mag het niet zien."),
        "confidential": _("Deze aantekening is niet met u gedeeld: er is geen afspraak, "
                          "toestemming of rol die dat toestaat."),
        "not_owner": _("Alleen de organisatie die dit schreef, kan het corrigeren."),
        "superseded": _("Dit is een oude versie; corrigeer de nieuwste versie."),
        "no_write": _("Met deze toegang kunt u alleen lezen."),
    }[rule]


def gate_reason(gate: str, rule_why: dict[str, str]) -> str:
    if gate.startswith("afspraak:"):
        agreement_rule = gate.split(":", 1)[1].removesuffix("+toestemming")
        why = rule_why.get(agreement_rule.split("/", 1)[-1], "")
        return _("Gedeeld volgens de samenwerkingsafspraken (%(rule)s). %(why)s") % {
            "rule": agreement_rule, "why": why}
    return {
        "eigen_organisatie": _("Deze aantekening is van uw eigen organisatie."),
        "organisatie": _("Deze aantekening is alleen voor uw organisatie, en u werkt daar."),
        "beroepsgeheim": _("Deze aantekening valt onder beroepsgeheim; u bent de auteur of u "
                           "hebt dezelfde discipline binnen dezelfde organisatie."),
        "conflict_van_plichten": _("Het beroepsgeheim is doorbroken wegens een "
                                   "gedocumenteerd conflict van plichten."),
        "toestemming_beroepsgeheim": _("Het beroepsgeheim is doorbroken met toestemming van "
                                       "de betrokkenen."),
        "minimaal_beeld": _("Deze aantekening hoort bij het afgesproken minimale beeld van de "
                            "casustafel."),
        "noodtoegang": _("Via noodtoegang ziet u alleen wat met het netwerk gedeeld is, "
                         "zonder gezondheids- of strafrechtelijke gegevens."),
        "eigen_gegevens": _("Deze aantekening gaat over u."),
        "team_werk": _("Wie bij het gezin betrokken is, ziet wie er in het team zit en "
                       "wie het werk heeft overgedragen."),
        "gezag": _("Deze aantekening gaat over uw kind onder 16 jaar, over wie u gezag hebt."),
        "eigen_maatregel": _("Deze maatregel gaat over u."),
        "maatregel_gezag": _("Deze maatregel gaat over uw kind onder 16 jaar, over wie u "
                             "gezag hebt."),
        "eigen_verzoek": _("Dit concept van een verzoek aan de rechter gaat over u; de "
                           "organisatie heeft het met u gedeeld."),
        "verzoek_gezag": _("Dit concept van een verzoek aan de rechter gaat over uw kind onder "
                           "16 jaar, over wie u gezag hebt."),
        "eigen_reactie": _("Dit is uw eigen reactie."),
    }[gate]
