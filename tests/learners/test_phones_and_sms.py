"""Phone numbers and the SMS senders (issue #20): Vietnamese mobile numbers as people type them,
stored in E.164; the HTTP gateway sender against a local server answering as a gateway does
(accepted, invalid number, quota used up, server error, timeout); the log sender."""

import json
import logging
import time

import pytest
from django.core.exceptions import ValidationError
from werkzeug import Response

from learners import sms
from learners.phones import display, masked, normalise_mobile


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "0912 345 678",
        "0912.345.678",
        "0912-345-678",
        "+84 912 345 678",
        "84912345678",
        "(+84) 912345678",
        "０９１２３４５６７８",  # full-width digits
    ],
)
def test_the_ways_people_type_one_number(typed):
    assert normalise_mobile(typed) == "+84912345678"


@pytest.mark.parametrize(
    ("typed", "code", "words"),
    [
        ("", "required", "Hãy nhập số điện thoại"),
        ("abc", "invalid", "không phải là số điện thoại"),
        ("091234567", "invalid", "10 chữ số"),
        ("09123456789", "invalid", "10 chữ số"),
        ("+1 650 253 0000", "foreign", "Chỉ nhận số di động Việt Nam"),
        ("+44 7400 123456", "foreign", "Chỉ nhận số di động Việt Nam"),
        ("0226 3852 000", "landline", "số máy bàn"),
        ("024 3825 1234", "landline", "số máy bàn"),
    ],
)
def test_what_is_refused_and_why(typed, code, words):
    with pytest.raises(ValidationError) as refused:
        normalise_mobile(typed)
    assert refused.value.code == code
    assert words in refused.value.messages[0]


def test_display_and_masking():
    assert display("+84912345678") == "0912 345 678"
    assert masked("+84912345678") == "0912 *** 678"


@pytest.fixture
def gateway(httpserver, settings):
    settings.SMS_BACKEND = "learners.sms.HttpGatewaySender"
    settings.SMS_GATEWAY_URL = httpserver.url_for("/v1/sms")
    settings.SMS_GATEWAY_TOKEN = "bi-mat"
    settings.SMS_SENDER_NAME = "HOCTAP"
    settings.SMS_TIMEOUT = 1
    return httpserver


def test_an_accepted_message(gateway):
    gateway.expect_request(
        "/v1/sms",
        method="POST",
        headers={"Authorization": "Bearer bi-mat"},
        json={"to": "+84912345678", "text": "Ma 123456", "sender": "HOCTAP"},
    ).respond_with_json({"id": "msg-77", "status": "accepted"})
    assert sms.sender().send("+84912345678", "Ma 123456") == sms.Sent(message_id="msg-77")
    gateway.check_assertions()


@pytest.mark.parametrize(
    ("status", "body", "error", "retry"),
    [
        (400, {"error": "invalid_number"}, sms.InvalidNumber, False),
        (422, {"error": "unroutable"}, sms.InvalidNumber, False),
        (429, {"error": "quota_exceeded"}, sms.QuotaExceeded, True),
        (402, {"error": "insufficient_balance"}, sms.QuotaExceeded, True),
        (503, {"error": "maintenance"}, sms.GatewayUnavailable, True),
    ],
)
def test_the_gateways_refusals(gateway, status, body, error, retry):
    gateway.expect_request("/v1/sms", method="POST").respond_with_json(body, status=status)
    with pytest.raises(error) as refused:
        sms.sender().send("+84912345678", "Ma 123456")
    assert refused.value.retry_later is retry
    assert str(refused.value) == str(error.message)  # the Vietnamese message for the person


def test_a_gateway_that_does_not_answer_in_time(gateway):
    def slow(_request):
        time.sleep(2)
        return Response(json.dumps({"id": "late"}), content_type="application/json")

    gateway.expect_request("/v1/sms", method="POST").respond_with_handler(slow)
    started = time.monotonic()
    with pytest.raises(sms.GatewayUnavailable):
        sms.sender().send("+84912345678", "Ma 123456")
    assert time.monotonic() - started < 1.9  # SMS_TIMEOUT = 1


def test_an_unreachable_gateway(settings):
    settings.SMS_BACKEND = "learners.sms.HttpGatewaySender"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/v1/sms"  # nothing listens there
    with pytest.raises(sms.GatewayUnavailable):
        sms.sender().send("+84912345678", "Ma 123456")


def test_the_log_sender_never_logs_the_whole_number(settings, caplog):
    settings.SMS_BACKEND = "learners.sms.LogSender"
    with caplog.at_level(logging.INFO, logger="learners.sms"):
        sent = sms.sender().send("+84912345678", sms.code_message("482913", 10))
    assert sent == sms.Sent(message_id="log")
    assert caplog.messages == [
        "SMS to 0912 *** 678: HocTap Hub: ma xac minh cua ban la 482913, dung trong 10 phut."
        " Khong dua ma nay cho ai."
    ]
