"""The learner's pages under /tai-khoan/ on every site of the network (one account for all).

allauth's own views (sign-up, sign-in, codes, sign-out) are mounted in hub/urls.py, with
Vietnamese addresses for the ones learners type or see."""

from django.urls import path

from . import api, views

app_name = "learners"

urlpatterns = [
    path("", views.home, name="home"),
    path("mat-khau-moi/", views.new_password, name="new_password"),
    path("du-lieu/", views.my_data, name="my_data"),
    path("du-lieu/tai-ve.json", views.export_json, name="export_json"),
    path("du-lieu/tai-ve.html", views.export_html, name="export_html"),
    path("du-lieu/xoa-tai-khoan/", views.delete_account, name="delete_account"),
]

urlpatterns += [
    path("hoc/<int:pk>/tien-do/", api.progress, name="progress"),
    path("hoc/<int:pk>/cau-hoi/", api.quiz, name="quiz"),
    path("hoc/<int:pk>/luu/", api.saved_toggle, name="save"),
    path("da-luu/dong-bo/", api.saved_sync, name="saved_sync"),
    path("khoa-hoc/<int:pk>/dang-ky/", api.enrol, name="enrol"),
    path("chung-nhan/<str:serial>.pdf", views.certificate_pdf, name="certificate_pdf"),
    path("kiem-tra-chung-nhan/<str:token>/", views.verify, name="verify"),
]
