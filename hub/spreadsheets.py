"""Spreadsheet cells that cannot run: one rule for every CSV/XLSX export and import.

A cell a spreadsheet program may read as a formula (it starts with =, +, -, @ once leading spaces
are dropped, or with a tab, carriage return or newline) is refused by imports and written with a
leading apostrophe by exports, so it is shown as text. Used by the contest ranking export, the
library importer and, through `neutralise_wagtail_exports()` (called from HubConfig.ready), every
Wagtail report and listing export. Who may import it: any app.
"""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@")
CONTROL_START = ("\t", "\r", "\n")


def looks_like_formula(value) -> bool:
    """True for text a spreadsheet may evaluate; a lone "-" (an empty marker) is plain text."""
    if not isinstance(value, str):
        return False
    if value.startswith(CONTROL_START):
        return True
    stripped = value.strip()
    return stripped.startswith(FORMULA_START) and stripped != "-"


def neutralise(value):
    """The value as an export writes it: text that looks like a formula gets a leading "'"."""
    return "'" + value if looks_like_formula(value) else value


def neutralise_wagtail_exports() -> None:
    """Wagtail's SpreadsheetExportMixin writes titles and other text as they are (XLSX cells are
    kept as text, CSV cells are not): pass every exported value through `neutralise`."""
    from wagtail.admin.views.mixins import SpreadsheetExportMixin

    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralised", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(original(self, field, value, export_format))

    preprocess_field_value.neutralised = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value
