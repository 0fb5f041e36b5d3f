from django import forms
from django.utils.translation import gettext_lazy as _

from hub.models import Centre
from hub.provisioning import ProvisioningError, normalise_hostname, validate_new_centre


class CentreProvisionForm(forms.ModelForm):
    """What hub staff type to create a centre; validation reuses the provisioning rules."""

    hostname = forms.CharField(
        label=_("Tên miền"),
        max_length=253,
        help_text=_("Ví dụ: lam-ha.phuly.edu.vn (chữ không dấu, số, dấu “-” và “.”)"),
    )

    editor_email = forms.EmailField(
        label=_("E-mail của biên tập viên đầu tiên"),
        required=False,
        help_text=_(
            "Không bắt buộc. Người này nhận thư mời với đường dẫn đặt mật khẩu và vào nhóm biên "
            "tập của trung tâm (người đã có tài khoản chỉ được thêm vào nhóm)."
        ),
    )
    editor_name = forms.CharField(label=_("Tên biên tập viên"), max_length=150, required=False)

    class Meta:
        model = Centre
        fields = ["name", "kind", "address", "phone", "email", "director"]

    def clean(self):
        cleaned = super().clean()
        hostname = normalise_hostname(cleaned.get("hostname", ""))
        cleaned["hostname"] = hostname
        try:
            validate_new_centre(cleaned.get("name", ""), hostname)
        except ProvisioningError as error:
            for field, message in error.errors.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned
