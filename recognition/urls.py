"""The citizen's pages under /cong-dan-hoc-tap/ on every site (namespace "citizen"; the staff
screens are the admin's "recognition" namespace)."""

from django.urls import path

from . import views

app_name = "citizen"

urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<slug:code>/", views.unit, name="unit"),
    path("don-vi/<slug:code>/ma-qr.svg", views.unit_qr, name="unit_qr"),
    path("don-vi/<slug:code>/bat-dau/", views.start, name="start"),
    path("don-vi/<slug:code>/chuyen-ho-so/", views.transfer, name="transfer"),
    path("ho-so/<int:pk>/", views.declaration, name="declaration"),
    path("ho-so/<int:pk>/minh-chung/", views.add_evidence, name="add_evidence"),
    path(
        "ho-so/<int:pk>/minh-chung/<int:evidence_id>/xoa/",
        views.remove_evidence,
        name="remove_evidence",
    ),
    path(
        "ho-so/<int:pk>/minh-chung/<int:evidence_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path("ho-so/<int:pk>/nop/", views.submit, name="submit"),
    path("ho-so/<int:pk>/giay-cong-nhan.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("kiem-tra/<str:token>/", views.verify, name="verify"),
]
