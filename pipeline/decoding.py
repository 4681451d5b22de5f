"""Turn the bytes of a text file into text: byte-order marks, UTF-8, and legacy Western encodings.

German text files in the wild are UTF-8, UTF-16 (with a byte-order mark, as Windows editors write it),
Windows-1252 or Latin-1; files concatenated from several sources mix UTF-8 and Windows-1252 lines.
Decoding line by line handles all of these without a statistical guess, which for short German texts
often picks a wrong code page and garbles the umlauts.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from pipeline.rejection import InputRejected

BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Control characters other than tab, newline, carriage return and form feed do not occur in text;
# a share above this marks binary data (images, archives, executables) that happened to decode.
MAX_CONTROL_SHARE = 0.01
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def decode_bytes(data: bytes) -> str:
    """Decode a text file's bytes to NFC-normalised text; raise InputRejected for binary data."""
    if looks_binary(data):
        raise InputRejected("binary data")
    text = _decode_with_bom(data)
    if text is None:
        text = _decode_lines(data)
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise InputRejected("binary data")
    return unicodedata.normalize("NFC", text)


def looks_binary(data: bytes) -> bool:
    """NUL bytes occur in text only in UTF-16/32, which carries a byte-order mark."""
    return b"\x00" in data and not any(data.startswith(bom) for bom, _ in BYTE_ORDER_MARKS)


def _decode_with_bom(data: bytes) -> str | None:
    for bom, encoding in BYTE_ORDER_MARKS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError as error:
                raise InputRejected(f"invalid {encoding.upper()} after byte-order mark") from error
    return None


def _decode_lines(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return "".join(_decode_line(line) for line in data.splitlines(keepends=True))


def _decode_line(line: bytes) -> str:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:
        # the five bytes Windows-1252 leaves unassigned are C1 controls in Latin-1
        return line.decode("latin-1")


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    return len(CONTROL_CHARACTER.findall(text)) / len(text)
