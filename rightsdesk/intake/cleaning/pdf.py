"""Remove metadata from PDFs with pikepdf (qpdf).

Threat: a PDF's document information dictionary (/Author, /Creator, /Producer, dates) and its XMP
streams name the author and the software and machine that made it; annotations carry their
author's name (/T) and dates; attachments carry dates; JPEG images inside keep their camera EXIF
(GPS); the trailer /ID links the file to the author's copy; earlier revisions kept by incremental
saves may still hold deleted text. What is done:

* /Info removed from the trailer; /Metadata, /PieceInfo, /LastModified removed from every
  dictionary and stream in the file (catalog, pages, images, fonts, forms...), and any XMP
  stream (/Type /Metadata or /Subtype /XML) still referenced some other way emptied;
* annotations (comments, highlights... anything with /Type /Annot or a /Rect): author /T
  blanked, /M and /CreationDate removed (form fields keep /T, which is the field's name);
* attachments (/EmbeddedFile streams): /Params (dates, checksum) removed. The attached files
  themselves are kept and NOT cleaned (see clean() caller policy);
* DCT (JPEG) image streams: metadata segments stripped losslessly (EXIF, XMP, IPTC, ICC, APPn);
* saved by qpdf as a complete rewrite: unreferenced objects and old revisions are dropped,
  encryption removed, a new /ID generated; streams are copied without decoding (no expansion).

PDFs with JavaScript (a /JS entry, a /JavaScript action or name tree) or a /Launch action are
refused ("pdf_scripts"): a script runs when a handler opens the file and can call home, which
reveals when and where it was opened; stripping it silently could also change what the document
shows. The reporter is told to print it to a new PDF.

Files qpdf can only read by guessing (any parse warning beyond a rebuilt cross-reference table
or stream length) are refused as corrupt. Password-protected PDFs cannot be read and are refused;
PDFs with only an owner password (permissions) open without one and are cleaned and saved
without encryption. Files without ``%%EOF`` near their end are truncated uploads: "corrupt".
"""

from __future__ import annotations

import io
import re
import zlib

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

from .images import strip_embedded_image
from .model import MAX_PDF_STREAM_DECODED, MAX_PDF_TOTAL_DECODED, FileRefused

_DROP_KEYS = {"/Metadata": "pdf_xmp", "/PieceInfo": "pdf_pieceinfo", "/LastModified": "timestamps"}
_EOF_WINDOW = 1024
#: qpdf warnings about a damaged cross-reference table or stream lengths: qpdf rebuilds them by
#: scanning, objects still parse exactly. Any other warning means an object was misparsed
#: (e.g. a dictionary read as strings), so metadata may survive unrecognised: "corrupt".
_TOLERATED_WARNING = re.compile(
    r"file is damaged$|xref not found|reconstruct cross-reference table|expected \d+ \d+ obj"
    r"|stream length|lacks /Length key|stream keyword followed by"
)
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_IN_CHUNK = 64 * 1024
_OUT_CHUNK = 4 * 1024 * 1024


def _children(obj: object) -> list[object]:
    """Direct (not indirect) sub-objects; indirect ones are visited from pdf.objects."""
    if isinstance(obj, Dictionary | Stream):
        values = [obj[key] for key in obj.keys()]  # noqa: SIM118 - pikepdf mapping API
    elif isinstance(obj, Array):
        values = list(obj)
    else:
        return []
    return [v for v in values if isinstance(v, Dictionary | Array) and not v.is_indirect]


def _is_annotation(obj: Dictionary | Stream) -> bool:
    return str(obj.get("/Type", "")) == "/Annot" or "/Rect" in obj


def _clean_dict(obj: Dictionary | Stream, removed: set[str]) -> None:
    for key, code in _DROP_KEYS.items():
        if key in obj:
            del obj[key]
            removed.add(code)
    if _is_annotation(obj) and str(obj.get("/Subtype", "")) != "/Widget" and "/FT" not in obj:
        # Any annotation but a form field (whose /T is its name): /T is the author.
        if "/T" in obj:
            obj["/T"] = pikepdf.String("")
            removed.add("pdf_annotation_authors")
        for key in ("/M", "/CreationDate"):
            if key in obj:
                del obj[key]
                removed.add("timestamps")
    if isinstance(obj, Stream):
        _clean_stream(obj, removed)


def _is_xmp(stream: Stream) -> bool:
    """XMP streams are found by their own type, however (or wherever) they are referenced."""
    return str(stream.get("/Type", "")) == "/Metadata" or str(stream.get("/Subtype", "")) == "/XML"


def _clean_stream(stream: Stream, removed: set[str]) -> None:
    if _is_xmp(stream):
        if len(stream.read_raw_bytes()) > 0:
            stream.write(b"")
            removed.add("pdf_xmp")
        return
    kind = stream.get("/Type")
    if kind is not None and str(kind) == "/EmbeddedFile" and "/Params" in stream:
        del stream["/Params"]
        removed.add("pdf_attachment_dates")
        return
    filters = stream.get("/Filter")
    if filters is None or str(stream.get("/Subtype", "")) != "/Image":
        return
    names = [str(f) for f in filters] if isinstance(filters, Array) else [str(filters)]
    if names != ["/DCTDecode"]:
        return
    raw = stream.read_raw_bytes()
    stripped, codes = strip_embedded_image(raw)
    if codes:
        parms = stream.get("/DecodeParms")
        kept = parms if isinstance(parms, Dictionary | Array) else None
        stream.write(stripped, filter=Name.DCTDecode, decode_parms=kept)
        removed.add("pdf_image_metadata")


def _scrub(pdf: pikepdf.Pdf, removed: set[str]) -> None:
    for top in pdf.objects:
        stack: list[object] = [top]
        while stack:
            obj = stack.pop()
            if isinstance(obj, Dictionary | Stream):
                _clean_dict(obj, removed)
            stack.extend(_children(obj))


def _leftovers(pdf: pikepdf.Pdf) -> bool:
    if "/Info" in pdf.trailer and len(pdf.trailer["/Info"].keys()) > 0:
        return True
    for top in pdf.objects:
        stack: list[object] = [top]
        while stack:
            obj = stack.pop()
            if isinstance(obj, Dictionary | Stream) and any(k in obj for k in _DROP_KEYS):
                return True
            if isinstance(obj, Stream) and _is_xmp(obj) and len(obj.read_raw_bytes()) > 0:
                return True
            stack.extend(_children(obj))
    return False


_SCRIPT_ACTIONS = (Name.JavaScript, Name.Launch)


def _is_script(obj: Dictionary | Stream) -> bool:
    return "/JS" in obj or "/JavaScript" in obj or obj.get("/S") in _SCRIPT_ACTIONS


def _has_scripts(pdf: pikepdf.Pdf) -> bool:
    """Any JavaScript or Launch action anywhere: actions, /AA, /OpenAction, the name tree."""
    for top in [pdf.Root, *pdf.objects]:
        stack: list[object] = [top]
        while stack:
            obj = stack.pop()
            if isinstance(obj, Dictionary | Stream) and _is_script(obj):
                return True
            stack.extend(_children(obj))
    return False


def _check_warnings(pdf: pikepdf.Pdf) -> None:
    if any(not _TOLERATED_WARNING.search(w) for w in pdf.get_warnings()):
        raise FileRefused("corrupt")


def check_flate_sizes(data: bytes) -> None:
    """Refuse ("pdf_bomb") a PDF whose Flate streams inflate beyond the limits, without keeping the
    output. Streams are found by their ``stream`` keyword; ones that are not Flate fail at once.
    Not covered: bombs wrapped in another filter first (ASCII85 + Flate, LZW)."""
    total = 0
    for match in _STREAM.finditer(data):
        inflater = zlib.decompressobj()
        size, pos = 0, match.end()
        try:
            while not inflater.eof and pos < len(data):
                size += len(inflater.decompress(data[pos : pos + _IN_CHUNK], _OUT_CHUNK))
                pos += _IN_CHUNK  # what is left of this chunk is drained just below
                while inflater.unconsumed_tail and size <= MAX_PDF_STREAM_DECODED:
                    size += len(inflater.decompress(inflater.unconsumed_tail, _OUT_CHUNK))
                if size > MAX_PDF_STREAM_DECODED or total + size > MAX_PDF_TOTAL_DECODED:
                    raise FileRefused("pdf_bomb")
        except zlib.error:
            pass  # not Flate (or damaged: qpdf decides)
        total += size


def clean_pdf(data: bytes) -> tuple[bytes, tuple[str, ...]]:
    """Return the rewritten PDF and the codes of what was removed (see module docstring)."""
    if b"%%EOF" not in data[-_EOF_WINDOW:]:
        raise FileRefused("corrupt")
    check_flate_sizes(data)
    removed: set[str] = set()
    try:
        source = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError as exc:
        raise FileRefused("encrypted_pdf") from exc
    with source as pdf:
        if _has_scripts(pdf):
            raise FileRefused("pdf_scripts")
        pages = len(pdf.pages)
        if pdf.is_encrypted:
            removed.add("pdf_encryption")
        if "/Info" in pdf.trailer:
            if len(pdf.trailer["/Info"].keys()) > 0:
                removed.add("pdf_info")
            del pdf.trailer["/Info"]
        if "/ID" in pdf.trailer:
            del pdf.trailer["/ID"]
            removed.add("pdf_id")
        _scrub(pdf, removed)  # resolves every object: qpdf reports parse damage now
        _check_warnings(pdf)
        if data.count(b"%%EOF") > 1:
            removed.add("pdf_revisions")
        out = io.BytesIO()
        pdf.save(
            out,
            fix_metadata_version=False,
            encryption=False,
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=pikepdf.ObjectStreamMode.preserve,
        )
    cleaned = out.getvalue()
    with pikepdf.open(io.BytesIO(cleaned)) as check:
        if _leftovers(check) or len(check.pages) != pages or check.get_warnings():
            raise FileRefused("verify_failed")
    return cleaned, tuple(sorted(removed))
