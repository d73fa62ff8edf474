"""Small synthetic files of each allowed type, and the odd ones to refuse."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from domain.files import MAIN_PARTS, XLSX

MARKER = b"PLANTED-MARKER-8c1f0e"
GPS = b"GPS-LATITUDE-31.2304N"
PIXELS = b"\x12\x34\x56\x78" * 64


def pdf(body: bytes = b"") -> bytes:
    return b"%PDF-1.4\n1 0 obj <<>> endobj\n" + body + b"\n%%EOF\n"


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def jpeg(exif: bytes = GPS) -> bytes:
    """SOI, APP0 (JFIF), APP1 (EXIF with a GPS tag), a quantisation table, SOS, data, EOI."""
    return (
        b"\xff\xd8"
        + _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + _segment(0xE1, b"Exif\x00\x00" + exif)
        + _segment(0xDB, b"\x00" + bytes(range(64)))
        + _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
        + PIXELS
        + b"\xff\xd9"
    )


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def png(text: bytes = GPS) -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"tEXt", b"Comment\x00" + text)
        + _chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + _chunk(b"IEND", b"")
    )


def office(kind: str, *, macro: bool = False, body: bytes = b"<w:document/>") -> bytes:
    main = MAIN_PARTS[kind]
    types = (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/main.xml" ContentType="{main}"/></Types>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("xl/workbook.xml" if kind == XLSX else "word/document.xml", body)
        if macro:
            z.writestr("word/vbaProject.bin", b"\x00macro")
    return out.getvalue()


def executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120 + b"This program cannot be run in DOS mode"
