"""JSON and JSON Lines inputs: each record holds ``text`` or ``html`` and optionally ``id``, ``url``,
``title``, ``author`` and ``published``.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, BinaryIO

from pipeline.decoding import decode_bytes
from pipeline.htmlpage import HtmlSettings, parse_html
from pipeline.plaintext import PageText
from pipeline.rejection import InputRejected

METADATA_FIELDS = ("title", "author", "published", "url")


@dataclass(frozen=True)
class Record:
    """One record of a JSON or JSON Lines file; ``number`` is its 1-based line (JSONL) or list position."""

    number: int | None
    page: PageText | None = None
    record_id: str | None = None
    reason: str | None = None


def iter_jsonl(handle: BinaryIO, *, max_line_bytes: int, html: HtmlSettings) -> Iterator[Record]:
    """Records of a JSON Lines file read line by line; blank lines are not records."""
    for number, line in enumerate(_capped_lines(handle, max_line_bytes), start=1):
        if isinstance(line, InputRejected):
            yield Record(number, reason=line.reason)
            continue
        if not line.strip():
            continue
        try:
            value = json.loads(decode_bytes(line.rstrip(b"\r\n")))
        except InputRejected as rejected:
            yield Record(number, reason=rejected.reason)
            continue
        except (ValueError, RecursionError) as error:
            yield Record(number, reason=_json_error(error, with_line=False))
            continue
        yield _record(number, value, html=html)


def _capped_lines(handle: BinaryIO, max_line_bytes: int) -> Iterator[bytes | InputRejected]:
    """Lines of a binary file; a line longer than the limit is skipped, never held in memory whole."""
    while True:
        line = handle.readline(max_line_bytes + 1)
        if not line:
            return
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            while (rest := handle.readline(max_line_bytes + 1)) and not rest.endswith(b"\n"):
                pass
            yield InputRejected(f"too large: line longer than {max_line_bytes} bytes")
        else:
            yield line


def iter_json(data: bytes, *, html: HtmlSettings) -> Iterator[Record]:
    """Records of a JSON file holding one record object or a list of them."""
    try:
        value = json.loads(decode_bytes(data))
    except (ValueError, RecursionError) as error:
        raise InputRejected(_json_error(error, with_line=True)) from error
    if isinstance(value, dict):
        yield _record(None, value, html=html)
    elif isinstance(value, list) and value:
        for number, item in enumerate(value, start=1):
            yield _record(number, item, html=html)
    elif isinstance(value, list):
        raise InputRejected("no records in JSON list")
    else:
        raise InputRejected("JSON is neither a record object nor a list of records")


def _json_error(error: ValueError | RecursionError, *, with_line: bool) -> str:
    if isinstance(error, json.JSONDecodeError):
        where = f"line {error.lineno} column {error.colno}" if with_line else f"column {error.colno}"
        # some messages end in "at" themselves ("Unterminated string starting at")
        return f"invalid JSON: {error.msg.removesuffix(' at')} at {where}"
    if isinstance(error, RecursionError):
        return "invalid JSON: nested too deeply"
    return f"invalid JSON: {error}"


def _record(number: int | None, value: Any, *, html: HtmlSettings) -> Record:
    if not isinstance(value, dict):
        return Record(number, reason="record is not a JSON object")
    try:
        record_id = _record_id(value)
        metadata = {name: _optional_string(value, name) for name in METADATA_FIELDS}
        page = _page(value, url=metadata["url"], html=html)
    except InputRejected as rejected:
        return Record(number, reason=rejected.reason)
    # what the record states outranks what was read from its HTML
    page = replace(page, **{name: metadata[name] or getattr(page, name) for name in METADATA_FIELDS})
    return Record(number, page=page, record_id=record_id)


def _page(value: dict, *, url: str | None, html: HtmlSettings) -> PageText:
    if "text" in value:
        text = value["text"]
        if not isinstance(text, str):
            raise InputRejected("field text is not a string")
        text = unicodedata.normalize("NFC", text).strip()
        if not text:
            raise InputRejected("empty text")
        return PageText(text=text)
    if "html" in value:
        markup = value["html"]
        if not isinstance(markup, str):
            raise InputRejected("field html is not a string")
        if not markup.strip():
            raise InputRejected("empty html")
        if "<body" not in markup.lower():
            # trafilatura wants a whole document and takes a lone fragment for something else
            markup = f"<html><body>{markup}</body></html>"
        return parse_html(markup, url=url, settings=html)
    raise InputRejected("record has neither text nor html")


def _record_id(value: dict) -> str | None:
    record_id = value.get("id")
    if record_id is None:
        return None
    if isinstance(record_id, bool) or not isinstance(record_id, (str, int)) or not str(record_id).strip():
        raise InputRejected("field id is not a non-empty string or integer")
    return str(record_id).strip()


def _optional_string(value: dict, name: str) -> str | None:
    field_value = value.get(name)
    if field_value is None:
        return None
    if not isinstance(field_value, str):
        raise InputRejected(f"field {name} is not a string")
    return field_value.strip() or None
