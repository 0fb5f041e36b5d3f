"""Sending a text message (a verification code) through a pluggable sender.

`SMS_BACKEND` names the sender class:

- `learners.sms.LogSender` (the default, for `make run` and tests): writes the message to the log
  (logger "learners.sms") instead of sending it;
- `learners.sms.HttpGatewaySender`: an SMS gateway's HTTP API, configured by `SMS_GATEWAY_URL`,
  `SMS_GATEWAY_TOKEN` (sent as a bearer token), `SMS_SENDER_NAME` (the brand name registered with
  the carriers) and `SMS_TIMEOUT` (seconds). It posts JSON `{"to": "+849…", "text": "…",
  "sender": "…"}` and reads the typical answers: 2xx accepted (with a message id), 400/422 an
  invalid number, 402/429 the quota used up, 5xx or a timeout the gateway unavailable. Gateways
  that differ subclass it and override `payload` and `read`.

Failures are `SmsError`s carrying a Vietnamese message for the person waiting for the code and
whether trying again later may help; the number is never logged in full.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .phones import masked

logger = logging.getLogger(__name__)


class SmsError(Exception):
    message = _("Chưa gửi được tin nhắn. Vui lòng thử lại sau ít phút.")
    retry_later = True

    def __str__(self):
        return str(self.message)


class InvalidNumber(SmsError):
    message = _("Nhà mạng không nhận số điện thoại này. Hãy kiểm tra lại số di động.")
    retry_later = False


class QuotaExceeded(SmsError):
    message = _(
        "Hôm nay hệ thống đã gửi hết số tin nhắn cho phép. Vui lòng thử lại sau, hoặc nhờ cán bộ "
        "trung tâm xác nhận tài khoản cho bạn."
    )


class GatewayUnavailable(SmsError):
    pass


@dataclass
class Sent:
    message_id: str


class LogSender:
    """Writes the message to the log instead of sending it (development, tests)."""

    def send(self, to: str, text: str) -> Sent:
        logger.info("SMS to %s: %s", masked(to), text)
        return Sent(message_id="log")


outbox: list[tuple[str, str]] = []


class MemorySender:
    """Keeps (number, text) in `learners.sms.outbox` (tests; like Django's locmem e-mail)."""

    def send(self, to: str, text: str) -> Sent:
        outbox.append((to, text))
        return Sent(message_id=f"memory-{len(outbox)}")


class HttpGatewaySender:
    def __init__(self, url=None, token=None, sender=None, timeout=None):
        self.url = url or settings.SMS_GATEWAY_URL
        self.token = token if token is not None else settings.SMS_GATEWAY_TOKEN
        self.sender = sender if sender is not None else settings.SMS_SENDER_NAME
        self.timeout = timeout or settings.SMS_TIMEOUT
        if not self.url:
            raise ValueError("HttpGatewaySender needs SMS_GATEWAY_URL")

    def payload(self, to: str, text: str) -> dict:
        return {"to": to, "text": text, "sender": self.sender}

    def read(self, response: requests.Response) -> Sent:
        if 200 <= response.status_code < 300:
            try:
                body = response.json()
            except ValueError:
                body = {}
            return Sent(message_id=str(body.get("id") or body.get("message_id") or ""))
        if response.status_code in (400, 422):
            raise InvalidNumber(response.text[:200])
        if response.status_code in (402, 429):
            raise QuotaExceeded(response.text[:200])
        raise GatewayUnavailable(f"HTTP {response.status_code}")

    def send(self, to: str, text: str) -> Sent:
        try:
            response = requests.post(
                self.url,
                json=self.payload(to, text),
                headers={"Authorization": f"Bearer {self.token}"} if self.token else {},
                timeout=self.timeout,
            )
        except requests.Timeout:
            logger.warning("SMS gateway timed out sending to %s", masked(to))
            raise GatewayUnavailable("timeout") from None
        except requests.RequestException as error:
            logger.warning("SMS gateway unreachable sending to %s: %s", masked(to), error)
            raise GatewayUnavailable(str(error)) from None
        sent = self.read(response)
        logger.info("SMS to %s accepted (%s)", masked(to), sent.message_id)
        return sent


def sender():
    return import_string(settings.SMS_BACKEND)()


def code_message(code: str, minutes: int) -> str:
    """The text of a verification code message (short: one SMS, no diacritics needed)."""
    return str(
        _(
            "HocTap Hub: ma xac minh cua ban la %(code)s, dung trong %(minutes)s phut. Khong dua ma nay cho ai."
        )
        % {"code": code, "minutes": minutes}
    )
