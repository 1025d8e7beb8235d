"""HTML of the timeline's items, built in Python.

Why not a template: the household page shows 25 items, and Django's template engine
spent about a quarter of the page's server time walking some 1,000 nodes for them
(docs/benchmarks.md, issue 2). Every value goes through format_html / escape, so the
escaping guarantees are the same as in a template. The surrounding list, the empty
message and the pagination stay in web/partials/timeline.html.
"""

from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


def _labels() -> dict:
    """Translated words, looked up once per page (gettext per row adds up)."""
    return {
        "by": gettext("Door"), "about": gettext("Over"), "attachment": gettext("Bijlage"),
        "details": gettext("Details"), "history": gettext("Geschiedenis en details"),
        "of": gettext("van"), "corrected": gettext("gecorrigeerd"),
        "version": gettext("versie"), "why": gettext("Waarom zie ik dit?"),
        "health": gettext("Gezondheid/GGZ"), "criminal": gettext("Strafrechtelijk"),
        "third": gettext("Informatie over derden"),
        "conf_for": gettext("Vertrouwelijk voor"),
        "hidden": gettext("Aantekening die u niet kunt inzien"),
        "placeholder": gettext("Er is een aantekening van %(org)s van %(day)s die u niet "
                               "kunt inzien. Wilt u meer weten? Neem contact op met "
                               "%(org)s."),
    }


def _badge(text, secret=False, corrected=False) -> SafeString:
    modifier = " nd-badge--secret" if secret else " nd-badge--corrected" if corrected else ""
    return format_html('<span class="nd-badge{}">{}</span>', modifier, text)


def _placeholder(row, t: dict) -> SafeString:
    return format_html(
        '<li class="nd-entry nd-entry--placeholder">'
        '<div class="nd-entry__meta"><h3 class="nd-entry__kind">{}</h3>'
        '<time datetime="{}">{}</time></div>'
        '<p class="utrecht-paragraph">{}</p></li>',
        t["hidden"], row.occurred_at.isoformat(), row.occurred_display,
        t["placeholder"] % {"org": row.owner_name, "day": row.occurred_day})


def _entry(row, t: dict, entry_url: str, attachment_url: str) -> SafeString:
    badges = [_badge(row.confidentiality_label, secret=row.confidentiality == 30)]
    if row.version > 1:
        badges.append(_badge(f"{t['version']} {row.version} — {t['corrected']}",
                             corrected=True))
    for flag, label in ((row.health_data, "health"), (row.criminal_data, "criminal"),
                        (row.third_party_data, "third")):
        if flag:
            badges.append(_badge(t[label], secret=True))
    if row.confidential_for:
        badges.append(_badge(f"{t['conf_for']} {row.confidential_for}", secret=True))
    attachments = format_html_join(
        "", '<br>{}: <a class="utrecht-link" href="{}">{}</a> ({})',
        ((t["attachment"], attachment_url.replace("00000000-0000-0000-0000-000000000000",
                                                  str(a["id"])),
          a["original_name"], filesizeformat(a["size"])) for a in row.attachments))
    url = entry_url.replace("00000000-0000-0000-0000-000000000000", str(row.pk))
    kind_lower = row.kind_label.lower()
    return format_html(
        '<li class="nd-entry" id="aantekening-{pk}">'
        '<article aria-labelledby="aantekening-{pk}-titel">'
        '<div class="nd-entry__meta">'
        '<h3 class="nd-entry__kind" id="aantekening-{pk}-titel">{kind}</h3>'
        '<time datetime="{iso}">{when}</time>{badges}</div>'
        '<p class="nd-entry__text">{text}</p>'
        '<p class="utrecht-paragraph nd-muted">{by} {author}, {owner} · {about}: '
        '{subjects}{attachments}</p>'
        '<p class="utrecht-paragraph"><a class="utrecht-link" href="{url}">{details}'
        '<span class="nd-visually-hidden"> {of} {kind_lower} {day}</span></a>'
        ' · <a class="utrecht-link" href="{url}#waarom">{why}'
        '<span class="nd-visually-hidden"> ({kind_lower} {day})</span></a></p>'
        '</article></li>',
        pk=row.pk, kind=row.kind_label, iso=row.occurred_at.isoformat(),
        when=row.occurred_display, badges=mark_safe("".join(badges)),  # noqa: S308 - built by format_html above
        text=row.text, by=t["by"], author=row.author_name, owner=row.owner_name,
        about=t["about"], subjects=row.subject_names, attachments=attachments, url=url,
        details=t["history"] if row.version > 1 else t["details"], of=t["of"],
        kind_lower=kind_lower, day=row.occurred_day, why=t["why"])


def render_items(items) -> SafeString:
    """The <li> elements of the timeline, newest first."""
    t = _labels()
    # Reverse once with a dummy id and substitute, instead of once per row.
    dummy = "00000000-0000-0000-0000-000000000000"
    entry_url = reverse("web:entry", args=[dummy])
    attachment_url = reverse("web:attachment", args=[dummy])
    return mark_safe("".join(  # noqa: S308 - every part is built by format_html
        _placeholder(row, t) if row.placeholder else _entry(row, t, entry_url, attachment_url)
        for row in items))
