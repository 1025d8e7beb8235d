"""Carry a service's ValidationError back onto form fields, in Dutch."""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import CheckboxSelectMultiple, RadioSelect

# Service error keys that are shown on a differently named form field.
ALIASES = {"occurred_at": "occurred_date", "attachments": "attachment"}


def apply_errors(form, exc: ValidationError, aliases=None) -> None:
    aliases = {**ALIASES, **(aliases or {})}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for key, errors in exc.error_dict.items():
        name = aliases.get(key, key)
        if name not in form.fields:
            name = None
        for error in errors:
            form.add_error(name, error)


def error_summary(*forms_) -> list[dict]:
    """Links for the error summary at the top of the page: [{id, message}]."""
    summary = []
    for form in forms_:
        if form is None or not form.is_bound:
            continue
        for name, errors in form.errors.items():
            target = (form[name].auto_id if name != NON_FIELD_ERRORS and name in form.fields
                      else "")
            if target and isinstance(form.fields[name].widget,
                                     (CheckboxSelectMultiple, RadioSelect)):
                target = f"{target}_0"
            for message in errors:
                summary.append({"id": target, "message": message})
    return summary
