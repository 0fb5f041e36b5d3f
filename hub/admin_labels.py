"""Labels Wagtail 8.0 leaves to Django's English default (a field without a label is shown under
its name, "Page"); given here so they follow the admin's language. HubConfig.ready calls
label_unlabelled_wagtail_fields; WAGTAILADMIN_USER_LOGIN_FORM names LoginForm."""

from django.utils.translation import gettext_lazy
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's login form; its password field has no label, so Django showed "Password"."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext_lazy("Password")


def label_unlabelled_wagtail_fields() -> None:
    from django.utils.text import capfirst
    from wagtail.admin.forms.workflows import WorkflowPageForm
    from wagtail.models import Site
    from wagtail.sites.views import IndexView as SiteIndexView
    from wagtail.users.forms import PagePermissionsForm

    for form in (WorkflowPageForm, PagePermissionsForm):
        form.base_fields["page"].label = gettext_lazy("Page")
    # the page permissions' boxes are labelled "Wagtail core | page | Can add page"
    PagePermissionsForm.base_fields["permissions"].label_from_instance = _permission_label
    # the Sites listing names its columns after the fields ("Site name", "Port", "Root page")
    fields = {
        field.name: field for field in Site._meta.get_fields() if hasattr(field, "verbose_name")
    }
    for column in SiteIndexView.columns:
        if column.name in fields and column.name != "hostname":
            column.label = capfirst(fields[column.name].verbose_name)  # stays lazy


def _permission_label(permission) -> str:
    from django.utils.translation import gettext

    return gettext(permission.name)
