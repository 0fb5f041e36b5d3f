"""The learner's forms: allauth's sign-up and sign-in with the fields and words of this site."""

from __future__ import annotations

import datetime

from allauth.account import forms as allauth_forms
from allauth.core import context
from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from hub.federation import centre_for_request
from hub.models import Centre

CONSENT = _(
    "Tôi đồng ý để trung tâm lưu họ tên, năm sinh (nếu nhập), số điện thoại, trung tâm của tôi "
    "và quá trình học của tôi, chỉ để ghi nhận việc học, cấp chứng nhận và liên hệ khi cần "
    "(Nghị định 13/2023/NĐ-CP về bảo vệ dữ liệu cá nhân). Tôi có thể tải về hoặc xoá dữ liệu "
    "này bất cứ lúc nào."
)


class CentreChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, centre):
        return centre.title


def initial_centre(request) -> int | None:
    """The centre of a centre's QR code (?trung-tam=<id>), else of the site signed up on."""
    if request is None:
        return None
    chosen = request.GET.get("trung-tam", "")
    if chosen.isdigit() and Centre.objects.filter(pk=chosen).exists():
        return int(chosen)
    centre = centre_for_request(request)
    return centre.pk if centre else None


def password_labels(form, first: str, second: str | None = None) -> None:
    form.fields[first].label = _("Mật khẩu")
    form.fields[first].help_text = _("Ít nhất 8 ký tự, không toàn chữ số, dễ nhớ với bạn.")
    form.fields[first].error_messages["required"] = _("Hãy đặt mật khẩu.")
    if second:
        form.fields[second].label = _("Nhập lại mật khẩu")
        form.fields[second].error_messages["required"] = _("Hãy nhập lại mật khẩu.")


class SignupForm(allauth_forms.SignupForm):
    name = forms.CharField(
        label=_("Họ và tên"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Hãy nhập họ và tên.")},
    )
    birth_year = forms.TypedChoiceField(
        label=_("Năm sinh (không bắt buộc)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    home_centre = CentreChoiceField(
        label=_("Trung tâm học tập cộng đồng của bạn"),
        queryset=Centre.objects.order_by("name"),
        empty_label=_("— Chọn trung tâm —"),
        error_messages={
            "required": _("Hãy chọn trung tâm của bạn."),
            "invalid_choice": _("Trung tâm này không có trong danh sách; hãy chọn lại."),
        },
    )
    consent = forms.BooleanField(
        label=CONSENT,
        error_messages={"required": _("Hãy đánh dấu đồng ý để tạo tài khoản.")},
    )

    field_order = ["name", "phone", "password1", "password2", "birth_year", "home_centre"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = datetime.date.today().year
        self.fields["birth_year"].choices = [("", _("— Không nhập —"))] + [
            (year, year) for year in range(this_year - 10, this_year - 101, -1)
        ]
        password_labels(self, "password1", "password2")
        if not self.is_bound:
            self.initial.setdefault("home_centre", initial_centre(context.request))
        # password1's help text: ours, not the validators' list (shown in the form already)
        self.order_fields(["name", "phone", "password1", "password2", "birth_year", "home_centre"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Hãy nhập họ và tên."))
        return name

    def clean(self):
        cleaned = super().clean()
        # allauth's own wording for two different passwords is English; say it here
        if "password2" in self.errors and cleaned.get("password1"):
            typed = self.data.get(self.add_prefix("password2"))
            if typed and typed != self.data.get(self.add_prefix("password1")):
                self.errors["password2"] = self.error_class(
                    [_("Hai lần nhập mật khẩu chưa giống nhau.")]
                )
        return cleaned


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Mật khẩu")
        self.fields["password"].help_text = ""
        self.fields["password"].error_messages["required"] = _("Hãy nhập mật khẩu.")


def code_field(form) -> None:
    """The 6-digit code: the phone's number pad, the code offered from the message."""
    field = form.fields["code"]
    field.label = _("Mã 6 chữ số")
    field.error_messages["required"] = _("Hãy nhập mã trong tin nhắn.")
    field.widget.attrs.update(
        {
            "inputmode": "numeric",
            "autocomplete": "one-time-code",
            "pattern": "[0-9]*",
            "maxlength": "6",
            "placeholder": "",
        }
    )


class CodeFormMixin:
    """The code field as above; spaces typed inside the code are dropped before the check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        code_field(self)

    def clean_code(self):
        self.cleaned_data["code"] = "".join(self.cleaned_data["code"].split())
        return super().clean_code()


class VerifyPhoneForm(CodeFormMixin, allauth_forms.VerifyPhoneForm):
    pass


class ConfirmLoginCodeForm(CodeFormMixin, allauth_forms.ConfirmLoginCodeForm):
    pass


class ChangePasswordForm(allauth_forms.ChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = _("Mật khẩu hiện tại")
        self.fields["password1"].label = _("Mật khẩu mới")
        self.fields["password2"].label = _("Nhập lại mật khẩu mới")


class NewPasswordForm(forms.Form):
    """A new password after signing in with a code sent by text message (forgotten password)."""

    password1 = forms.CharField(
        label=_("Mật khẩu mới"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Hãy đặt mật khẩu mới.")},
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu mới"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": _("Hãy nhập lại mật khẩu mới.")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Hai lần nhập mật khẩu chưa giống nhau."))
        elif first:
            try:
                password_validation.validate_password(first, self.user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Mật khẩu của bạn"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Hãy nhập mật khẩu để xác nhận xoá tài khoản.")},
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Mật khẩu chưa đúng; tài khoản chưa bị xoá."))
        return password
