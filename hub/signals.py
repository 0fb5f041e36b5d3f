"""Signals other apps listen to, so hub never imports them."""

from django.dispatch import Signal

# sent with centre=<Centre> after a centre is fully provisioned (inside the transaction)
centre_provisioned = Signal()
