"""Admin screens of criteria sets: list, detail, XLSX import/export, new version (to be built)."""

urlpatterns: list = []
MENU: list = []  # (label, url name, icon, order)
