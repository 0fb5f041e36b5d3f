"""QR codes as SVG (lessons print them on posters; future: certificates, event check-in).

Who may import it: any app."""

import io

import qrcode
import qrcode.image.svg


def qr_svg(data: str) -> bytes:
    """A compact SVG QR code (medium error correction survives a smudged printout)."""
    image = qrcode.make(
        data,
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=2,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    out = io.BytesIO()
    image.save(out)
    return out.getvalue()
