"""(being built)"""

urlpatterns: list = []
MENU: list = []
