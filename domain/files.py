"""What a file is, decided by its content (never by its name), and the metadata an image
loses before it is stored: the checks every uploaded attachment passes.

Allowed: PDF, JPEG, PNG, DOCX and XLSX. A DOCX or XLSX is a ZIP whose
``[Content_Types].xml`` must declare the main part of that kind, with no macros (no
``vbaProject.bin``, no macro-enabled content type) and an unpacked size within bounds (a
small ZIP that unpacks to gigabytes is refused). Images keep their pixels byte for byte:
JPEG's APP1 (EXIF, XMP), APP13 (IPTC) and COM segments and PNG's textual and eXIf chunks
are dropped, nothing is re-encoded.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

from domain.errors import InvalidValue, Reason

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALLOWED = (PDF, JPEG, PNG, DOCX, XLSX)
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png", DOCX: "docx", XLSX: "xlsx"}
MAIN_PARTS = {
    DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
MAX_UNPACKED = 200 * 1024 * 1024
MAX_MEMBERS = 10_000
FIELD = "file"


def media_type(content: bytes) -> str:
    """The allowed type ``content`` is, or InvalidValue(file, file_type)."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if content.startswith(b"PK\x03\x04"):
        return _office(content)
    raise InvalidValue(FIELD, Reason.FILE_TYPE, "not a PDF, JPEG, PNG, DOCX or XLSX")


def _office(content: bytes) -> str:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
        types = archive.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        raise InvalidValue(FIELD, Reason.FILE_TYPE, "a ZIP that is no Office file") from None
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNPACKED:
        raise InvalidValue(FIELD, Reason.FILE_TYPE, "unpacks to too much")
    names = {m.filename.lower() for m in members}
    if any(n.endswith("vbaproject.bin") for n in names) or "macroenabled" in types.lower():
        raise InvalidValue(FIELD, Reason.MACROS, "holds macros")
    for kind, main in MAIN_PARTS.items():
        if re.search(rf'ContentType="{re.escape(main)}"', types):
            return kind
    raise InvalidValue(FIELD, Reason.FILE_TYPE, "neither a DOCX nor an XLSX")


def without_metadata(content: bytes, kind: str) -> bytes:
    """An image without its metadata (pixels untouched); other files as they are."""
    if kind == JPEG:
        return _jpeg(content)
    if kind == PNG:
        return _png(content)
    return content


# JPEG markers that stand alone (no length): SOI, EOI, RST0-7, TEM.
_STANDALONE = {0xD8, 0xD9, 0x01, *range(0xD0, 0xD8)}
_JPEG_DROPPED = {0xE1, 0xED, 0xFE}  # APP1 (EXIF, XMP), APP13 (IPTC), COM


def _jpeg(content: bytes) -> bytes:
    out = bytearray(content[:2])
    i = 2
    while i + 4 <= len(content):
        if content[i] != 0xFF:
            raise InvalidValue(FIELD, Reason.FILE_TYPE, "a damaged JPEG")
        marker = content[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in _STANDALONE:
            out += content[i : i + 2]
            i += 2
            continue
        (length,) = struct.unpack(">H", content[i + 2 : i + 4])
        if length < 2 or i + 2 + length > len(content):
            raise InvalidValue(FIELD, Reason.FILE_TYPE, "a damaged JPEG")
        segment = content[i : i + 2 + length]
        if marker == 0xDA:  # start of scan: the entropy-coded data follows, kept whole
            return bytes(out + content[i:])
        if marker not in _JPEG_DROPPED:
            out += segment
        i += 2 + length
    raise InvalidValue(FIELD, Reason.FILE_TYPE, "a damaged JPEG")


_PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def _png(content: bytes) -> bytes:
    out = bytearray(content[:8])
    i = 8
    while i + 12 <= len(content):
        (length,) = struct.unpack(">I", content[i : i + 4])
        kind = content[i + 4 : i + 8]
        end = i + 12 + length
        if end > len(content):
            break
        if kind not in _PNG_DROPPED:
            out += content[i:end]
        i = end
        if kind == b"IEND":
            return bytes(out)
    raise InvalidValue(FIELD, Reason.FILE_TYPE, "a damaged PNG")


def display_name(name: str, kind: str) -> str:
    """The uploaded name, for display only: no path, no control or odd characters, at most
    100 characters, with the extension of its real type."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\"<>|:*?]", "", name)
    stem = name.rsplit(".", 1)[0].strip(" .") or "附件"
    return f"{stem[:100]}.{EXTENSIONS[kind]}"
