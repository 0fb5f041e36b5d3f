"""A text message to the citizen when a reviewer returns, approves, rejects or recognises their
self-assessment, with the address of their declaration (they may not check the site daily).

Sent through the learners app's sender (`SMS_BACKEND`) after the change is committed, only to a
confirmed number; a failed send is logged and changes nothing (the page shows the status anyway).
Short texts without diacritics: one SMS on every phone; always in Vietnamese, whatever language
the reviewer's screens are in (the citizen reads it)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse

from hub.text import fold_vietnamese
from learners.sms import SmsError, sender

from .models import Declaration

logger = logging.getLogger(__name__)

TEXTS = {
    Declaration.Status.RETURNED: "HocTap Hub: ho so %(cycle)s cua ban can bo sung. Xem: %(url)s",
    Declaration.Status.APPROVED: "HocTap Hub: ho so %(cycle)s cua ban da duoc duyet. Xem: %(url)s",
    Declaration.Status.NOT_PASSED: "HocTap Hub: ho so %(cycle)s cua ban chua dat. Xem: %(url)s",
    Declaration.Status.RECOGNISED: "HocTap Hub: ban da duoc cong nhan %(cycle)s. Giay cong nhan: %(url)s",
}


def declaration_url(base_url: str, declaration: Declaration) -> str:
    return base_url.rstrip("/") + reverse("citizen:declaration", args=[declaration.pk])


def _ascii(text: str) -> str:
    return fold_vietnamese(text)


def status_changed(declaration: Declaration, base_url: str) -> None:
    """Queue the message for the declaration's new status (if there is one for it)."""
    text = TEXTS.get(declaration.status)
    learner = declaration.learner
    if text is None or not learner.phone_verified_at:
        return
    message = text % {
        "cycle": _ascii(f"{declaration.cycle.get_model_display()} {declaration.cycle.year}"),
        "url": declaration_url(base_url, declaration),
    }
    phone = learner.phone

    def send():
        try:
            sender().send(phone, message)
        except SmsError as error:
            logger.warning("Recognition message not sent (%s)", error.__class__.__name__)

    transaction.on_commit(send)
