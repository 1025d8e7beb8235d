"""The worklist's table rows are written in Python (views/worklist.row_html, for speed):
the same markup the per-row template wrote, escaped the same way."""

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from netwerkdossier.cases.worklist_signals import Signal
from netwerkdossier.web.views.worklist import row_html, table

# The per-row template the page used before row_html (kept here as the reference).
TEMPLATE = Template(
    '{% for r in rows %}<tr class="utrecht-table__row">\n'
    '      <th scope="row" class="utrecht-table__header-cell"><a class="utrecht-link '
    'utrecht-link--html-a" href="{{ r.household_url }}">{{ r.household }}</a></th>\n'
    '      <td class="utrecht-table__cell"><a class="utrecht-link" href="{{ r.case_url }}">'
    '{{ r.title }}</a><br><span class="nd-muted">{{ reference_label }} {{ r.reference }}'
    '</span></td>\n'
    '      <td class="utrecht-table__cell">{{ r.phase }}</td>\n'
    '      <td class="utrecht-table__cell"{% if r.deadline_state %} data-deadline="'
    '{{ r.deadline_state }}"{% endif %}>{% if r.deadline %}{% if r.deadline_state %}'
    '<span class="nd-badge {% if r.deadline_state == "te_laat" %}nd-badge--late{% else %}'
    'nd-badge--soon{% endif %}">{{ r.deadline_state_text }}</span> {% endif %}<time '
    'datetime="{{ r.deadline_iso }}">{{ r.deadline }}</time>{% if r.deadline_label %}<br>'
    '<span class="nd-muted">{{ r.deadline_label }}</span>{% endif %}{% else %}<span '
    'class="nd-muted">{{ no_deadline }}</span>{% endif %}</td>\n'
    '      <td class="utrecht-table__cell">{% if r.signals %}<ul class="nd-signals '
    'nd-tight-list">{% for s in r.signals %}<li><span class="nd-badge" data-signal="'
    '{{ s.code }}">{% if s.url %}<a class="utrecht-link" href="{{ s.url }}">{{ s.text }}'
    '</a>{% else %}{{ s.text }}{% endif %}</span></li>{% endfor %}</ul>{% else %}<span '
    'class="nd-muted">{{ no_signals }}</span>{% endif %}</td>\n'
    '      <td class="utrecht-table__cell">{{ r.roles }}</td>\n'
    '    </tr>{% endfor %}')

HOSTILE = '<script>alert("x")</script> & \'quoted\''


def _row(**changes):
    row = {"household_url": "/huishoudens/1/?a=1&b=2", "household": f"Gezin {HOSTILE}",
           "case_url": "/trajecten/2/", "title": HOSTILE, "phase": "Fase 1 <b>",
           "reference": "abcd1234", "deadline_iso": "2026-12-01", "deadline": "1 december",
           "deadline_label": "Controle & plan", "deadline_state": "te_laat",
           "deadline_state_text": "te laat",
           "signals": [Signal("spoed", f"Spoed {HOSTILE}"),
                       Signal("eigen_verklaring", "Nieuwe <eigen> verklaring",
                              '/entry/3/?x="y"&z')],
           "roles": "Casusregisseur, <Duo>"}
    row.update(changes)
    return row


@pytest.mark.parametrize("changes", [
    {},
    {"deadline_state": "binnen_7_dagen", "deadline_state_text": "binnen 7 dagen"},
    {"deadline_state": "", "deadline_state_text": "", "deadline_label": ""},
    {"deadline": "", "deadline_iso": "", "deadline_state": "", "deadline_label": ""},
    {"signals": []},
    {"title": mark_safe("<em>al veilig</em>")},  # noqa: S308 - safe text is not escaped again
], ids=["late", "soon", "plain-deadline", "no-deadline", "no-signals", "safe-text"])
def test_row_html_writes_what_the_template_wrote(changes):
    row = _row(**changes)
    words = {"no_deadline": "geen termijn", "no_signals": "geen", "reference": "kenmerk"}
    expected = TEMPLATE.render(Context({
        "rows": [row], "no_deadline": "geen termijn", "no_signals": "geen",
        "reference_label": "kenmerk"}))
    assert row_html(row, words) == expected
    assert "<script>" not in row_html(row, words)


def test_table_escapes_the_translated_words():
    [html] = table([_row(signals=[], deadline="")])
    assert 'class="nd-muted">geen</span>' in html
    assert 'class="nd-muted">geen termijn</span>' in html
