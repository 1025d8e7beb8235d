"""{% uje "u-form" "je-form" name=value %} and {{ text|adapt:je }}: see portal/address.py."""

from django import template
from django.utils.translation import gettext

from netwerkdossier.portal.address import adapt as adapt_text

register = template.Library()


@register.simple_tag(takes_context=True)
def uje(context, u_text: str, je_text: str, **values) -> str:
    """The form of address for this reader; values fill %(name)s (and are escaped, as
    the whole result is, by the template engine)."""
    text = gettext(je_text if context.get("je") else u_text)
    return text % values if values else text


@register.filter
def adapt(text, je) -> str:
    return adapt_text(bool(je), text)
