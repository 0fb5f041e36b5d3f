"""The admin's "Người học": centre staff see and manage their own centre's learners (hub staff
every centre's), correct a name or a centre, and confirm a learner's number when there is no SMS
gateway ("centres know their residents")."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model, password_validation
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, DateColumn
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from hub.centre_widgets import is_long_list
from hub.choosers import CentreChooserWidget
from hub.federation import staff_centres
from hub.models import Centre
from hub.pagekit import paginate

from . import reports
from .models import Learner


class LearnerPolicy(ModelPermissionPolicy):
    """Staff of a centre may view and change its learners; hub staff every learner. Nobody adds
    a learner here (learners sign up themselves) and only hub staff delete one."""

    def user_has_permission(self, user, action):
        if not user.is_active:
            return False
        centres = staff_centres(user)
        if action in ("view", "change"):
            return centres != []
        if action == "delete":
            return centres is None
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        centres = staff_centres(user)
        return centres is None or instance.home_centre_id in {c.pk for c in centres}

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return Learner.objects.none()
        return Learner.objects.for_staff(user)

    def users_with_any_permission(self, actions):
        """Hub staff (superusers, the view_all_centres permission), and for view/change the
        staff groups of every centre."""
        hub_staff = (
            Q(is_superuser=True)
            | Q(user_permissions__codename="view_all_centres")
            | Q(groups__permissions__codename="view_all_centres")
        )
        condition = hub_staff
        if set(actions) & {"view", "change"}:
            staff_groups = [
                pk
                for pair in Centre.objects.values_list("editors_group", "contributors_group")
                for pk in pair
            ]
            condition |= Q(groups__in=staff_groups)
        return get_user_model().objects.filter(condition, is_active=True).distinct()


register_permission_policy(Learner, LearnerPolicy(Learner))


class LearnerForm(WagtailAdminModelForm):
    confirm_phone = forms.BooleanField(
        label=_("Tôi xác nhận số điện thoại này đúng là của người học"),
        help_text=_(
            "Dùng khi trung tâm không gửi được mã qua tin nhắn: cán bộ biết người học và đã "
            "kiểm tra số (gọi điện, gặp trực tiếp)."
        ),
        required=False,
    )

    new_password = forms.CharField(
        label=_("Đặt mật khẩu tạm cho người học"),
        help_text=_(
            "Khi người học quên mật khẩu mà trung tâm không gửi được mã qua tin nhắn: đặt một "
            "mật khẩu tạm, đưa tận tay người học, và nhắc họ đổi lại trên trang “Trang của tôi”."
        ),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    class Meta:
        model = Learner
        fields = ["name", "birth_year", "home_centre"]

    def clean_new_password(self):
        password = self.cleaned_data.get("new_password")
        if password:
            password_validation.validate_password(password, self.instance.user)
        return password

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        centres = staff_centres(self.for_user) if self.for_user else None
        if centres is not None:
            self.fields["home_centre"].queryset = Centre.objects.filter(
                pk__in=[c.pk for c in centres]
            )
        elif is_long_list():
            # hub staff of a large network choose the centre by searching (hub/choosers.py)
            self.fields["home_centre"].widget = CentreChooserWidget()
        self.fields["home_centre"].label_from_instance = lambda centre: centre.title
        if self.instance.verified:
            self.fields["confirm_phone"].disabled = True
            self.fields["confirm_phone"].initial = True

    def save(self, commit=True):
        learner = super().save(commit=False)
        if self.cleaned_data.get("confirm_phone") and not learner.verified:
            learner.phone_verified_at = timezone.now()
            learner.verified_by = self.for_user
        if commit:
            learner.save()
            if self.cleaned_data.get("new_password"):
                learner.user.set_password(self.cleaned_data["new_password"])
                learner.user.save(update_fields=["password"])
        return learner


class LearnerIndexView(IndexView):
    def get_base_queryset(self):
        return Learner.objects.for_staff(self.request.user).select_related("home_centre")


class LearnerEditView(EditView):
    def get_object(self, queryset=None):
        # another centre's learner is a 404, not a 403 that confirms they exist
        return get_object_or_404(
            Learner.objects.for_staff(self.request.user), pk=unquote(str(self.kwargs["pk"]))
        )


class LearnerViewSet(ModelViewSet):
    model = Learner
    icon = "user"
    menu_label = _("Người học")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "nguoi-hoc"
    index_view_class = LearnerIndexView
    edit_view_class = LearnerEditView
    search_fields = ["name", "phone"]
    list_per_page = 50
    list_display = [
        "name",
        Column("phone_display", label=_("số điện thoại")),
        Column("home_centre", label=_("trung tâm")),
        BooleanColumn("verified", label=_("đã xác nhận số")),
        DateColumn("created_at", label=_("ngày đăng ký")),
    ]
    edit_handler = ObjectList(
        [
            HelpPanel(
                content=_(
                    "Số điện thoại do người học tự nhập và chỉ người học đổi được. Người học tự "
                    "tải về hoặc xoá dữ liệu của mình trên trang “Dữ liệu của tôi”."
                )
            ),
            FieldPanel("name"),
            FieldRowPanel([FieldPanel("birth_year"), FieldPanel("home_centre")]),
            FieldPanel("confirm_phone"),
            FieldPanel("new_password"),
        ],
        base_form_class=LearnerForm,
    )
    inspect_view_enabled = False
    copy_view_enabled = False


@hooks.register("register_admin_viewset")
def register_learner_viewset():
    return LearnerViewSet("learner_admin")


def learners_report(request):
    """Người học và khoá học (Reports menu): per centre and period, with an XLSX copy."""
    scope = reports.scope_for(request.user, request.GET.get("trung-tam"))
    if scope is None:
        return permission_denied(request)
    period = request.GET.get("ky", reports.DEFAULT_PERIOD)
    if period not in reports.PERIODS:
        period = reports.DEFAULT_PERIOD
    since = timezone.now() - datetime.timedelta(days=reports.PERIODS[period])
    report = reports.build(scope, since)
    title = _("Người học và khoá học, %(days)s ngày qua") % {"days": reports.PERIODS[period]}
    if not scope.network and len(scope.centres) == 1:
        title += f" – {scope.centres[0].title}"
    if request.GET.get("xuat") == "xlsx":
        response = HttpResponse(
            reports.xlsx(report, str(title)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="nguoi-hoc-{stamp}.xlsx"'
        return response
    return TemplateResponse(
        request,
        "learners/admin/report.html",
        {
            "report": report,
            "title": title,
            "period": period,
            "periods": reports.PERIODS,
            "scope": scope,
            # learners by centre, 50 rows a page (3,300 centres); the XLSX has every row
            "centres_page": paginate(request, report["centres"], per_page=50),
            # hub staff choose a centre (hub/templates/hub/admin/report_centre_and_export.html)
            "network_staff": Centre.objects.confining(request.user) is None,
            "chosen_centre": request.GET.get("trung-tam", ""),
        },
    )


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return staff_centres(request.user) != []


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("reports/learners/", learners_report, name="learners_report")]


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem(
        _("Người học và khoá học"), reverse_lazy("learners_report"), icon_name="user", order=910
    )
