"""Opening PDFs with pypdfium2, refusing encrypted or broken files with a Vietnamese message.
Shared by the library (analysis, reader) and the lessons (learner uploads)."""

import pypdfium2 as pdfium


class PdfRejected(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def open_pdf(path: str) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(path)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise PdfRejected(
                "Tệp PDF có mật khẩu nên không đọc được; hãy gỡ mật khẩu rồi tải lên lại."
            ) from error
        raise PdfRejected(
            "Tệp PDF bị hỏng hoặc tải lên dở dang; hãy kiểm tra rồi tải lên lại."
        ) from error
