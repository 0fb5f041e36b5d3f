from django.utils.translation import gettext_lazy as _
from wagtail.admin.views.generic import CreateView, EditView, IndexView
from wagtail.admin.widgets.button import HeaderButton

from hub.federation import centres_matching, network
from hub.provisioning import ProvisioningError

from .forms import CentreProvisionForm
from .provisioning import add_centre


class CentreIndexView(IndexView):
    """The centres' listing (paginated); its search also finds a name typed without diacritics
    ("phu van" finds "Xã Phù Vân"), folded over the network copy as the public directory."""

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        found = centres_matching(network(self.request).centres_by_name, self.search_query)
        return super().search_queryset(queryset) | queryset.filter(pk__in=[c.pk for c in found])


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


class CentreEditView(EditView):
    """The centre's contact details, with its lifecycle (rename, merge, retire) for hub staff."""

    @property
    def header_more_buttons(self):
        from django.urls import reverse

        from hub.models import Centre

        buttons = list(super().header_more_buttons)
        user = self.request.user
        if Centre.objects.confining(user) is not None or not user.has_perm("hub.change_centre"):
            return buttons
        pk = self.object.pk
        retire_label = (
            _("Cho hoạt động trở lại")
            if self.object.status == Centre.Status.ARCHIVED
            else _("Ngừng hoạt động")
        )
        return buttons + [
            HeaderButton(
                _("Đổi tên, tên miền"), reverse("centre_rename", args=[pk]), icon_name="edit"
            ),
            HeaderButton(
                _("Sáp nhập trung tâm khác vào đây"),
                reverse("centre_merge", args=[pk]),
                icon_name="site",
            ),
            HeaderButton(retire_label, reverse("centre_retire", args=[pk]), icon_name="lock"),
        ]
