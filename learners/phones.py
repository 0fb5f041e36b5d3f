"""Vietnamese mobile numbers as learners type them, stored in one form (E.164, "+84912345678").

Parsing and validation by `phonenumbers` (Google's libphonenumber metadata, kept current with the
carriers' number ranges, including the 2018 move from 11 to 10 digits): "0912 345 678",
"0912.345.678", "+84 912 345 678", "84912345678" and full-width digits all give "+84912345678";
a landline, a foreign number or a number of the wrong length is refused with a Vietnamese message
that says what to type."""

from __future__ import annotations

import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}
EXAMPLE = "0912 345 678"


def normalise_mobile(raw: str) -> str:
    """The E.164 form of a Vietnamese mobile number, or ValidationError (Vietnamese message)."""
    text = unicodedata.normalize("NFKC", raw or "").strip()  # full-width digits from some keyboards
    if not text:
        raise ValidationError(_("Hãy nhập số điện thoại di động."), code="required")
    if text.startswith("84") and not text.startswith("840"):
        text = "+" + text  # typed without the plus sign
    try:
        number = phonenumbers.parse(text, "VN")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("“%(value)s” không phải là số điện thoại. Hãy nhập như %(example)s."),
            code="invalid",
            params={"value": raw, "example": EXAMPLE},
        ) from None
    if phonenumbers.region_code_for_number(number) != "VN":
        raise ValidationError(
            _("Chỉ nhận số di động Việt Nam (bắt đầu bằng 0 hoặc +84)."), code="foreign"
        )
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Số %(value)s không đúng: số di động có 10 chữ số, ví dụ %(example)s."),
            code="invalid",
            params={"value": raw, "example": EXAMPLE},
        )
    if phonenumbers.number_type(number) not in MOBILE_TYPES:
        raise ValidationError(
            _("Đây là số máy bàn; hãy nhập số di động để nhận mã xác minh qua tin nhắn."),
            code="landline",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display(e164: str) -> str:
    """The number as people write it in Vietnam: "0912 345 678"."""
    number = phonenumbers.parse(e164, "VN")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


def masked(e164: str) -> str:
    """The number with its middle hidden, for messages and logs: "0912 *** 678"."""
    shown = display(e164)
    digits = [i for i, ch in enumerate(shown) if ch.isdigit()]
    hidden = set(digits[4:-3])
    return "".join("*" if i in hidden else ch for i, ch in enumerate(shown))
