"""`{% card_cover item %}`: an item card's cover (library/cards.py), prepared with the rest of its
page when the catalogue listed it, else made for this item alone."""

from django import template

from library.cards import prepare_covers

register = template.Library()


@register.simple_tag
def card_cover(item):
    html = getattr(item, "card_cover", None)
    if html is None:
        html = prepare_covers([item])[0].card_cover
    return html
