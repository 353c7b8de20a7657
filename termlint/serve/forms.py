"""Form bodies of ``termlint serve``, read strictly.

Both kinds browsers and LanguageTool clients send are read here:
``application/x-www-form-urlencoded`` and ``multipart/form-data``. Unlike a
lenient reader, which puts U+FFFD or Latin-1 guesses in place of bytes that
are not UTF-8, every name and value here must be UTF-8 (once its
``%``-escapes are decoded), or the request is refused with a message that
says which field is wrong. A field given twice is refused too. Uploaded
files are kept as bytes. The body has already been read, within the
server's size limit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import parse_qsl

try:  # python-multipart 0.0.13 and later
    from python_multipart.exceptions import FormParserError
    from python_multipart.multipart import MultipartParser, parse_options_header
except ModuleNotFoundError:  # pragma: no cover - older python-multipart
    from multipart.exceptions import FormParserError  # type: ignore[no-redef]
    from multipart.multipart import (  # type: ignore[no-redef]
        MultipartParser,
        parse_options_header,
    )

#: More fields than any client sends (LanguageTool's check has about 15).
MAX_FIELDS = 64
URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


class FormError(ValueError):
    """A form that cannot be read; the message says why, in one line."""


@dataclass
class Upload:
    """A file sent in a multipart form."""

    filename: str
    content_type: str
    data: bytes


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)


def media_type(content_type: str | None) -> str:
    """``multipart/form-data`` of ``multipart/form-data; boundary=...``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def parse_form(body: bytes, content_type: str | None) -> Form:
    """The fields and files of a form body; :class:`FormError` if it is not
    one, or not UTF-8."""
    kind = media_type(content_type)
    if kind == URLENCODED:
        return _urlencoded(body)
    if kind == MULTIPART:
        return _multipart(body, content_type or "")
    raise FormError(
        f"send a form ({URLENCODED} or {MULTIPART}), not {kind or 'a body without a Content-Type'}"
    )


def _utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormError(
            f"{what} is not UTF-8 (byte 0x{data[exc.start]:02x} at byte {exc.start})"
        ) from None


def _urlencoded(body: bytes) -> Form:
    text = _utf8(body, "the form")
    try:
        pairs = parse_qsl(
            text,
            keep_blank_values=True,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FIELDS,
        )
    except UnicodeDecodeError as exc:
        bad = exc.object[exc.start]
        raise FormError(
            f"a form field is not UTF-8 once its %-escapes are decoded (byte 0x{bad:02x})"
        ) from None
    except ValueError:
        raise FormError(f"the form has more than {MAX_FIELDS} fields") from None
    form = Form()
    for name, value in pairs:
        _add_field(form, name, value)
    return form


def _add_field(form: Form, name: str, value: str) -> None:
    if name in form.fields or name in form.files:
        raise FormError(f"the form field '{name}' is given more than once")
    form.fields[name] = value


@dataclass
class _Part:
    headers: dict[str, bytes] = field(default_factory=dict)
    data: bytearray = field(default_factory=bytearray)


def _multipart(body: bytes, content_type: str) -> Form:
    _, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    if not boundary:
        raise FormError("the multipart form has no boundary in its Content-Type")
    parts: list[_Part] = []
    header = [bytearray(), bytearray()]

    def on_part_begin() -> None:
        if len(parts) >= MAX_FIELDS:
            raise FormError(f"the form has more than {MAX_FIELDS} fields")
        parts.append(_Part())

    def on_header_field(data: bytes, start: int, end: int) -> None:
        header[0] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        header[1] += data[start:end]

    def on_header_end() -> None:
        name = bytes(header[0]).decode("latin-1").strip().lower()
        parts[-1].headers[name] = bytes(header[1]).strip()
        header[0].clear()
        header[1].clear()

    def on_part_data(data: bytes, start: int, end: int) -> None:
        parts[-1].data += data[start:end]

    callbacks = {
        "on_part_begin": on_part_begin,
        "on_header_field": on_header_field,
        "on_header_value": on_header_value,
        "on_header_end": on_header_end,
        "on_part_data": on_part_data,
    }
    try:
        parser = MultipartParser(boundary, callbacks)  # type: ignore[arg-type]
        parser.write(body)
        parser.finalize()
    except FormParserError as exc:
        raise FormError(f"the multipart form is malformed: {' '.join(str(exc).split())}") from None
    if not parts:
        raise FormError("the multipart form has no parts (is its boundary right?)")
    form = Form()
    for part in parts:
        disposition = part.headers.get("content-disposition")
        if disposition is None:
            raise FormError("a part of the multipart form has no Content-Disposition")
        _, options = parse_options_header(disposition.decode("latin-1"))
        if b"name" not in options:
            raise FormError("a part of the multipart form has no name")
        name = _utf8(options[b"name"], "a field name")
        if b"filename" in options:
            if name in form.fields or name in form.files:
                raise FormError(f"the form field '{name}' is given more than once")
            form.files[name] = Upload(
                filename=_utf8(options[b"filename"], f"the file name of '{name}'"),
                content_type=part.headers.get("content-type", b"").decode("latin-1"),
                data=bytes(part.data),
            )
        else:
            _add_field(form, name, _utf8(bytes(part.data), f"the form field '{name}'"))
    return form
