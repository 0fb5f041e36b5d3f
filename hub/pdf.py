"""Opening PDFs with pypdfium2, refusing encrypted or broken files with a message staff can act on.
Shared by the library (analysis, reader) and the lessons (learner uploads)."""

import pypdfium2 as pdfium
from django.utils.translation import gettext as _


class PdfRejected(Exception):
    """`reason` ("password", "broken" or "") lets a caller word the message for its own readers."""

    def __init__(self, message: str, reason: str = ""):
        self.message = message
        self.reason = reason
        super().__init__(message)


def open_pdf(path: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PdfRejected(
                _("Tệp PDF có mật khẩu nên không đọc được; hãy gỡ mật khẩu rồi tải lên lại."),
                "password",
            ) from error
        raise PdfRejected(
            _("Tệp PDF bị hỏng hoặc tải lên dở dang; hãy kiểm tra rồi tải lên lại."), "broken"
        ) from error
