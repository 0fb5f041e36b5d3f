"""Template helpers for learners' pages (and the lesson and course pages' learner boxes)."""

import phonenumbers
from django import template

from learners.phones import display

register = template.Library()


@register.filter
def vn_phone(e164: str) -> str:
    """ "+84912345678" as people write it: "0912 345 678"."""
    try:
        return display(e164)
    except phonenumbers.NumberParseException:  # not a number: shown as it is
        return e164
