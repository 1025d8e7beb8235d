"""How the portal addresses its reader: "je" for youth (12-17), "u" for adults.

One place decides (access/family_rules.addressed_informally, from the member's age);
every page gets it as the template variable `je` (views._page), and texts choose between
two msgids, both Dutch and both through gettext:

- in templates: {% uje "Wat kunt u hier doen?" "Wat kun je hier doen?" %}
  (portal/templatetags/portal_words.py), with %(name)s values as keyword arguments;
- in Python: say(je, _("..."), _("...")) for flash messages and download texts;
- texts defined elsewhere in the u-form (the phase in plain words, team roles) get their
  je-form from JE_FORMS through adapt().
"""

from django.utils.translation import gettext, gettext_noop

from netwerkdossier.access.family_rules import addressed_informally


def informal(person) -> bool:
    return addressed_informally(person)


def say(je: bool, u_text, je_text, **values) -> str:
    text = str(je_text if je else u_text)
    return text % values if values else text


# u-form msgid -> je-form msgid, for texts that live in other modules (portal/family.py).
JE_FORMS = {
    "Het team onderzoekt samen met u hoe veilig het thuis is.":
        gettext_noop("Het team onderzoekt samen met jou hoe veilig het thuis is."),
    "Het team bespreekt met u welke hulp het beste past en wie die hulp geeft.":
        gettext_noop("Het team bespreekt met jou welke hulp het beste past en wie die hulp "
                     "geeft."),
    "Fase 2: het is nu veiliger. Nu werkt u aan de oorzaken, zodat het veilig blijft.":
        gettext_noop("Fase 2: het is nu veiliger. Nu werken jullie aan de oorzaken, zodat "
                     "het veilig blijft."),
    "Uw vaste contactpersoon (regie)": gettext_noop("Jouw vaste contactpersoon (regie)"),
    "Uw vaste contactpersoon": gettext_noop("Jouw vaste contactpersoon"),
    "Werkt samen met uw vaste contactpersoon (vast duo)":
        gettext_noop("Werkt samen met jouw vaste contactpersoon (vast duo)"),
    # Forms (portal/forms.py).
    "Uw eigen verklaring": gettext_noop("Je eigen verklaring"),
    "Wat wilt u vragen?": gettext_noop("Wat wil je vragen?"),
    "Kies of u iets wilt laten verbeteren of vernietigen.":
        gettext_noop("Kies of je iets wilt laten verbeteren of vernietigen."),
    "Voor deze persoon kunt u geen toestemming geven.":
        gettext_noop("Voor deze persoon kun je geen toestemming geven."),
    "Uw keuze": gettext_noop("Jouw keuze"),
    "Wilt u nog iets zeggen? (mag leeg blijven)":
        gettext_noop("Wil je nog iets zeggen? (mag leeg blijven)"),
    "Klopt deze analyse voor u?": gettext_noop("Klopt deze analyse voor jou?"),
    "Wat wilt u erover zeggen?": gettext_noop("Wat wil je erover zeggen?"),
    "Als iets niet klopt: schrijf in uw eigen woorden wat er anders is.":
        gettext_noop("Als iets niet klopt: schrijf in je eigen woorden wat er anders is."),
    # Services (portal/services.py, portal/consent.py).
    "Schrijf uw verklaring. Het veld is nu leeg.":
        gettext_noop("Schrijf je verklaring. Het veld is nu leeg."),
    "Uw uitleg is te lang (hoogstens 2.000 tekens).":
        gettext_noop("Je uitleg is te lang (hoogstens 2.000 tekens)."),
    "Uw toelichting is te lang (hoogstens 2.000 tekens).":
        gettext_noop("Je toelichting is te lang (hoogstens 2.000 tekens)."),
    "Er is een besluit over uw verzoek. Lees de uitleg bij 'Mijn verzoeken'.":
        gettext_noop("Er is een besluit over je verzoek. Lees de uitleg bij 'Mijn "
                     "verzoeken'."),
    "Die organisatie staat niet in uw lijst. U ziet nu alle organisaties.":
        gettext_noop("Die organisatie staat niet in je lijst. Je ziet nu alle "
                     "organisaties."),
    # The data download (portal/access_document.py, portal/access_pdf.py).
    "Wie keek er in het dossier, staat in het toegangslog. Dat overzicht maakt de "
    "functionaris gegevensbescherming van de organisatie. U krijgt het apart.":
        gettext_noop("Wie er in het dossier keek, staat in het toegangslog. Dat overzicht "
                     "maakt de functionaris gegevensbescherming van de organisatie. Je "
                     "krijgt het apart."),
    "Wie helpen u en hoe bereikt u ze": gettext_noop("Wie helpen je en hoe bereik je ze"),
    "Besluiten en hoe u bezwaar maakt": gettext_noop("Besluiten en hoe je bezwaar maakt"),
    "Uw verzoeken": gettext_noop("Je verzoeken"),
    "Wie keek er in uw dossier?": gettext_noop("Wie keek er in jouw dossier?"),
    "Inzage in uw gegevens (AVG artikel 15)":
        gettext_noop("Inzage in je gegevens (AVG artikel 15)"),
    "Er is geen veiligheidsplan dat u kunt inzien.":
        gettext_noop("Er is geen veiligheidsplan dat je kunt inzien."),
    "Er staan geen afspraken over u in het plan.":
        gettext_noop("Er staan geen afspraken over jou in het plan."),
    "Er is nog geen analyse die u kunt lezen.":
        gettext_noop("Er is nog geen analyse die je kunt lezen."),
    "U ziet alleen wat over uzelf gaat.": gettext_noop("Je ziet alleen wat over jezelf gaat."),
    "Er staat nog niets in over u.": gettext_noop("Er staat nog niets in over jou."),
    "Er zijn geen aantekeningen die u kunt lezen.":
        gettext_noop("Er zijn geen aantekeningen die je kunt lezen."),
    "Een aantekening wordt nooit zomaar veranderd. Is er iets verbeterd? Dan ziet u elke "
    "versie, met de reden.":
        gettext_noop("Een aantekening wordt nooit zomaar veranderd. Is er iets verbeterd? "
                     "Dan zie je elke versie, met de reden."),
    "Er zijn geen besluiten over u die u kunt lezen.":
        gettext_noop("Er zijn geen besluiten over jou die je kunt lezen."),
    "Niet mee eens? Dit kunt u doen:": gettext_noop("Niet mee eens? Dit kun je doen:"),
    "Er zijn geen maatregelen over u die u kunt lezen.":
        gettext_noop("Er zijn geen maatregelen over jou die je kunt lezen."),
    "Er is geen verzoek aan de rechter met u gedeeld.":
        gettext_noop("Er is geen verzoek aan de rechter met jou gedeeld."),
    "Er is geen toestemming vastgelegd die u kunt inzien.":
        gettext_noop("Er is geen toestemming vastgelegd die je kunt inzien."),
    "Er heeft nog niemand in uw gegevens gekeken.":
        gettext_noop("Er heeft nog niemand in je gegevens gekeken."),
    "Klopt er iets niet? Vraag dan om een verbetering, in het portaal bij de aantekening "
    "of bij uw team. U krijgt binnen een maand antwoord.":
        gettext_noop("Klopt er iets niet? Vraag dan om een verbetering, in het portaal bij "
                     "de aantekening of bij je team. Je krijgt binnen een maand antwoord."),
    "Over een zorg heeft het team nog niet in gewone woorden geschreven. Uw "
    "contactpersoon legt hem aan u uit.":
        gettext_noop("Over een zorg heeft het team nog niet in gewone woorden geschreven. "
                     "Je contactpersoon legt het aan je uit."),
    # Who looked (portal/looked.py).
    "Werkt in het team van uw gezin.": gettext_noop("Werkt in het team van jouw gezin."),
    "Heeft uw gezin aangemeld.": gettext_noop("Heeft jouw gezin aangemeld."),
    "Is leidinggevende bij de organisatie die uw gezin helpt.":
        gettext_noop("Is leidinggevende bij de organisatie die jouw gezin helpt."),
    "Doet mee aan een casusoverleg over uw gezin.":
        gettext_noop("Doet mee aan een casusoverleg over jouw gezin."),
    "Noodtoegang: iemand die niet in uw team zit, keek in een dringende situatie. Dit "
    "wordt altijd achteraf gecontroleerd.":
        gettext_noop("Noodtoegang: iemand die niet in jouw team zit, keek in een dringende "
                     "situatie. Dit wordt altijd achteraf gecontroleerd."),
    "De organisatie heeft uw gegevens zelf vastgelegd.":
        gettext_noop("De organisatie heeft je gegevens zelf vastgelegd."),
}

# Parts of texts that are put together or filled in before they are shown (a help text
# with its maximum, a day's list of what was looked at): replaced where they occur.
JE_PHRASES = (
    ("Met u gedeeld op", gettext_noop("Met jou gedeeld op")),
    ("Schrijf in uw eigen woorden wat u anders ziet.",
     gettext_noop("Schrijf in je eigen woorden wat je anders ziet.")),
    ("De hulpverleners zien uw verklaring naast de aantekening.",
     gettext_noop("De hulpverleners zien je verklaring naast de aantekening.")),
    ("Uw verklaring is te lang:", gettext_noop("Je verklaring is te lang:")),
    ("als antwoord op uw schriftelijke verzoek om inzage. Hierin staat wat u zelf in het "
     "portaal zou zien.", gettext_noop("als antwoord op je schriftelijke verzoek om inzage. "
                                       "Hierin staat wat je zelf in het portaal zou zien.")),
    ("Uw gezin: ", gettext_noop("Jouw gezin: ")),
    ("samen met u of de afspraken werken.", gettext_noop("samen met jou of de afspraken "
                                                        "werken.")),
    (". U krijgt uiterlijk ", gettext_noop(". Je krijgt uiterlijk ")),
    ("Werkt in het team van uw gezin.", gettext_noop("Werkt in het team van jouw gezin.")),
    ("Heeft uw gezin aangemeld.", gettext_noop("Heeft jouw gezin aangemeld.")),
    ("bij de organisatie die uw gezin helpt.",
     gettext_noop("bij de organisatie die jouw gezin helpt.")),
    ("casusoverleg over uw gezin.", gettext_noop("casusoverleg over jouw gezin.")),
    ("iemand die niet in uw team zit", gettext_noop("iemand die niet in jouw team zit")),
    ("De organisatie heeft uw gegevens zelf vastgelegd.",
     gettext_noop("De organisatie heeft je gegevens zelf vastgelegd.")),
    ("de gegevens van uw gezin", gettext_noop("de gegevens van jouw gezin")),
    ("de registratie van uw gezin", gettext_noop("de registratie van jouw gezin")),
    ("wie er bij uw gezin hoort", gettext_noop("wie er bij jouw gezin hoort")),
    ("het netwerk van uw gezin", gettext_noop("het netwerk van jouw gezin")),
    ("de analyse van uw gezin", gettext_noop("de analyse van jouw gezin")),
    ("een besluit over uw gezin", gettext_noop("een besluit over jouw gezin")),
    ("noodtoegang tot uw dossier", gettext_noop("noodtoegang tot jouw dossier")),
    ("wie uw gegevens kan vinden", gettext_noop("wie jouw gegevens kan vinden")),
    ("de afscherming van uw adres", gettext_noop("de afscherming van jouw adres")),
    ("dat uw dossier nog niet vernietigd mag worden",
     gettext_noop("dat jouw dossier nog niet vernietigd mag worden")),
)


def adapt(je: bool, text) -> str:
    """The je-form of a u-form text defined elsewhere, when the reader is young."""
    text = str(text)
    if not je:
        return text
    if text in JE_FORMS:
        return gettext(JE_FORMS[text])
    for u_phrase, je_phrase in JE_PHRASES:
        if u_phrase in text:
            text = text.replace(u_phrase, gettext(je_phrase))
    return text


def address_form(form, je: bool):
    """Labels, help texts and error messages of a portal form in the reader's form of
    address; errors added later (services) go through address_errors()."""
    form.je = je
    if not je:
        return form
    for field in form.fields.values():
        field.label = adapt(je, field.label)
        field.help_text = adapt(je, field.help_text)
        field.error_messages = {k: adapt(je, v) for k, v in field.error_messages.items()}
    return form


def address_errors(je: bool, exc):
    """A service's ValidationError with its messages in the reader's form of address."""
    from django.core.exceptions import ValidationError

    if not je:
        return exc
    if hasattr(exc, "error_dict"):
        return ValidationError({field: [adapt(je, m) for e in errors for m in e.messages]
                                for field, errors in exc.error_dict.items()})
    return ValidationError([adapt(je, m) for m in exc.messages])
