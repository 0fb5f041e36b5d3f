"""Admin report of the learning models rolled up the tree (to be built)."""

urlpatterns: list = []
MENU: list = []  # (label, url name, icon, order)
