"""What a reporter is told when a file is refused: the real reason, translated, with the file name.

Why: the cleaning layer knows why it refused a file (a reason code, rightsdesk.intake.cleaning
.model.FileRefused) but has no Django and no translations. Telling someone that a document is
"an image too large" or "seems damaged" when it is a ZIP bomb or a PDF with scripts leaves them
nothing to change; each code here says what happened and, where there is one, what to do.
Existing wordings are kept letter for letter so that their translations keep working.

`cases.attachments._refusal` is the one caller-to-be: it still has its own shorter table (the
cases app is being restructured; the one-line switch is in /work/notes/harden-cases-attachments
.patch).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from rightsdesk.intake.cleaning.model import (
    MAX_PDF_STREAM_DECODED,
    MAX_ZIP_RATIO,
    MAX_ZIP_TOTAL_UNCOMPRESSED,
)


def file_refusal_message(name: str, reason: str) -> str:
    """The translated sentence for a FileRefused `reason` about the file called `name`."""
    values = {
        "name": name,
        "mb": MAX_ZIP_TOTAL_UNCOMPRESSED >> 20,
        "pdf_mb": MAX_PDF_STREAM_DECODED >> 20,
        "ratio": MAX_ZIP_RATIO,
    }
    messages = {
        "type_mismatch": _("“%(name)s”: its content does not match its type."),
        "unsupported": _("“%(name)s”: this type of file is not accepted."),
        "bomb": _("“%(name)s”: the image is too large to process safely."),
        "too_large_to_clean": _("“%(name)s”: too large to remove hidden data from safely."),
        "encrypted_pdf": _(
            "“%(name)s”: password-protected PDFs cannot be cleaned. Remove the "
            "password and try again."
        ),
        "archive_bomb": _(
            "“%(name)s”: this document expands to more than %(mb)d MB when unpacked, or is "
            "compressed more than %(ratio)d times, as files made to overwhelm a server are. "
            "It was not accepted. Save it again with your office program and send the new copy."
        ),
        "pdf_bomb": _(
            "“%(name)s”: this PDF expands to more than %(pdf_mb)d MB when its contents are "
            "unpacked, as files made to overwhelm a server do. It was not accepted. Print it to "
            "a new PDF and send that instead."
        ),
        "pdf_scripts": _(
            "“%(name)s”: this PDF contains scripts or actions that run when it is opened, which "
            "could reveal who opens it. It was not accepted. Print it to a new PDF and send that "
            "instead."
        ),
        "encrypted": _(
            "“%(name)s”: password-protected documents cannot be cleaned. Remove the password "
            "and try again."
        ),
        "macros": _(
            "“%(name)s”: documents with macros are not accepted. Save it without macros (for "
            "example as .docx or .xlsx) and try again."
        ),
        "unsafe_archive": _(
            "“%(name)s”: this document contains unsafe internal paths and was not accepted."
        ),
    }
    template = messages.get(
        reason, _("“%(name)s”: the file seems damaged and could not be cleaned.")
    )
    return template % values
