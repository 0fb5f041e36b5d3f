from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView

from hub.provisioning import ProvisioningError

from .forms import CentreProvisionForm
from .provisioning import add_centre


class CentreCreateView(CreateView):
    """Hub staff create a centre from the admin: the same one-step provisioning as the command."""

    page_title = _("Thêm trung tâm")
    success_message = _("Đã tạo %(object)s với trang con, thư mục tài liệu và nhóm quyền.")

    def get_form_class(self):
        return CentreProvisionForm

    def save_instance(self):
        data = self.form.cleaned_data
        try:
            centre = add_centre(
                data["name"],
                data["hostname"],
                kind=data["kind"],
                address=data["address"],
                phone=data["phone"],
                email=data["email"],
            )
        except ProvisioningError as error:  # a race with another admin: report, change nothing
            raise _FormRejected(error) from error
        if data.get("director"):
            centre.director = data["director"]
            centre.save(update_fields=["director"])
        if data.get("editor_email"):
            from .invitations import invite_editor

            invite_editor(centre, data["editor_email"], data.get("editor_name", ""))
            self.invited = data["editor_email"]
        return centre

    def get_success_message(self, instance=None):
        message = super().get_success_message(instance)
        if getattr(self, "invited", None):
            message = f"{message} " + _("Đã gửi thư mời biên tập viên tới %(email)s.") % {
                "email": self.invited
            }
        return message

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except _FormRejected as rejected:
            for field, message in rejected.error.errors.items():
                form.add_error(field if field in form.fields else None, message)
            return self.form_invalid(form)


class _FormRejected(Exception):
    def __init__(self, error: ProvisioningError):
        self.error = error
        super().__init__(str(error))
