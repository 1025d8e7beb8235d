"""Template helpers: NL Design System classes and ARIA wiring for Django form fields."""

from django import forms, template
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html, format_html_join

register = template.Library()

CLASSES = {
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input utrecht-checkbox--custom",
    forms.ClearableFileInput: "utrecht-textbox utrecht-textbox--html-input nd-file",
    forms.FileInput: "utrecht-textbox utrecht-textbox--html-input nd-file",
}
DEFAULT = "utrecht-textbox utrecht-textbox--html-input"


def _css(widget) -> str:
    for cls in type(widget).__mro__:
        if cls in CLASSES:
            return CLASSES[cls]
    return DEFAULT


@register.simple_tag
def control(field, hide_errors=False):
    """Render a field's widget with utrecht classes, aria-describedby and aria-invalid."""
    widget = field.field.widget
    invalid = not hide_errors and bool(field.errors)
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_help")
    if invalid:
        described.append(f"{field.auto_id}_error")
    css = _css(widget)
    if invalid:
        css += f" {css.split()[0]}--invalid"
    attrs = {"class": css}
    if described:
        attrs["aria-describedby"] = " ".join(described)
    if invalid:
        attrs["aria-invalid"] = "true"
    if field.field.required and not isinstance(widget, forms.CheckboxInput):
        attrs["aria-required"] = "true"
    flat = all(not isinstance(label, list | tuple) for _, label in
               getattr(field.field, "choices", []))
    if type(widget) is forms.Select and flat:
        return _select(field, attrs)
    return field.as_widget(attrs=attrs)


def _select(field, attrs):
    """A plain <select> without Django's per-option widget templates (hot on list pages)."""
    value = field.value()
    selected = "" if value is None else str(value)
    options = format_html_join(
        "", "<option value=\"{}\"{}>{}</option>",
        ((str(v), " selected" if str(v) == selected else "", label)
         for v, label in field.field.choices),
    )
    all_attrs = {**field.field.widget.attrs, **attrs, "name": field.html_name,
                 "id": field.auto_id}
    if field.field.required and field.form.use_required_attribute:
        all_attrs["required"] = True
    return format_html("<select{}>{}</select>", flatatt(all_attrs), options)


@register.filter
def age_label(years) -> str:
    return f"{years} jaar"


@register.simple_tag
def today():
    return timezone.localdate()
