"""The OpenAPI 3.1 description of ``termlint serve``, served at
``/openapi.json``. Its schemas are JSON Schema (2020-12); the tests check
every answer of the server against them."""

from __future__ import annotations

import functools
from typing import Any

from .. import __version__

_STR = {"type": "string"}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(
    properties: dict[str, Any], required: list[str] | None = None, *, extra: bool = False
) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties}
    schema["required"] = list(properties) if required is None else required
    if not extra:
        schema["additionalProperties"] = False
    return schema


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int, lt: bool = False) -> dict[str, Any]:
    text = {
        400: "A malformed request: bad JSON or form, a field of the wrong type, not UTF-8.",
        401: "The server has an access token and the request did not carry it.",
        403: "A request from a web page of an origin the server does not allow (--cors-origin).",
        404: "No such rule, or no such page.",
        413: "The body is larger than the server's limit (--max-bytes, default 5,000,000 bytes).",
        415: "The body is not of the media type the endpoint reads.",
        422: "Input the service cannot check: an unknown format or rule id, a damaged "
        "Word file, a binary file, a rule pattern that ran away.",
        500: "An internal error (a bug); the server's log has the details.",
        503: "The check took longer than the server's time limit (--timeout).",
    }
    out = {}
    for status in statuses:
        if lt:
            out[str(status)] = {
                "description": text[status] + " Answered as LanguageTool does: 'Error: message'.",
                "content": {"text/plain": {"schema": _STR}},
            }
        else:
            out[str(status)] = _json(_ref("Error"), text[status])
    return out


_FINDING = _obj(
    {
        "path": {
            "type": "string",
            "description": "The filename sent (its last part), or draft.txt.",
        },
        "line": {**_INT, "minimum": 1},
        "column": {**_INT, "minimum": 1, "description": "1-based, in Unicode code points."},
        "end_line": {**_INT, "minimum": 1},
        "end_column": {**_INT, "minimum": 1, "description": "Exclusive."},
        "column_utf16": {**_INT, "minimum": 1},
        "end_column_utf16": {**_INT, "minimum": 1},
        "rule": _STR,
        "severity": {"enum": ["error", "warning", "suggestion", "info"]},
        "message": _STR,
        "replacements": {"type": "array", "items": _STR},
        "text": {"type": "string", "description": "The words found, as written."},
        "fixable": _BOOL,
        "part": {
            "enum": ["body", "footnote", "endnote", "header", "footer", "comment"],
            "description": "Word and OpenDocument files: the part the paragraph is in.",
        },
        "paragraph": {**_INT, "minimum": 1},
        "excerpt": _STR,
        "note": _STR,
        "language": {
            "type": "string",
            "description": "The ISO 639-1 code of the language of the rule's pack, and so of "
            "the finding's paragraph, in a run that tells languages apart (packs written for "
            "more than one language, or a language asked for).",
        },
        "offset_utf16": {
            **_INT,
            "minimum": 0,
            "description": "Where the finding starts in the text, in UTF-16 code units "
            "(JavaScript string indices).",
        },
        "end_offset_utf16": {**_INT, "minimum": 0},
    },
    [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "column_utf16",
        "end_column_utf16",
        "rule",
        "severity",
        "message",
        "replacements",
        "text",
        "fixable",
        "offset_utf16",
        "end_offset_utf16",
    ],
)

_RULE = _obj(
    {
        "id": _STR,
        "kind": _STR,
        "severity": {"enum": ["error", "warning", "suggestion", "info"]},
        "summary": _STR,
    }
)

_EXPLANATION = _obj(
    {
        "id": _STR,
        "kind": _STR,
        "severity": {"enum": ["error", "warning", "suggestion", "info"]},
        "fixable": _BOOL,
        "summary": _STR,
        "rationale": _STR,
        "discouraged": {"type": "array", "items": _STR},
        "preferred": {"type": "array", "items": _STR},
        "sources": {"type": "array", "items": _STR},
        "examples": _obj(
            {"bad": {"type": "array", "items": _STR}, "good": {"type": "array", "items": _STR}}
        ),
        "url": {"type": ["string", "null"]},
    }
)

_REQUEST_LANGUAGE = {
    "type": "string",
    "pattern": "^(auto|[a-z]{2})$",
    "description": "Which packs apply where, as --language: 'auto', each paragraph checked "
    "with the packs of its language, identified; or an ISO 639-1 code (en, fr, de...), that "
    "language's packs (and those that name no language) everywhere. Default: the server's "
    "configuration (auto unless it says otherwise).",
}

_TEXT_REQUEST = _obj(
    {
        "text": {"type": "string", "description": "The text to check."},
        "filename": {
            "type": "string",
            "description": "Only its extension counts: it chooses the format (draft.md is "
            "Markdown). It never names a file on the server.",
        },
        "format": {
            "type": "string",
            "description": "The format, overriding the filename: text, markdown, html, rst, "
            "latex, wikitext...",
        },
        "select": {
            "type": "array",
            "items": _STR,
            "description": "Only rules whose ids start with these.",
        },
        "ignore": {
            "type": "array",
            "items": _STR,
            "description": "Skip rules whose ids start with these.",
        },
        "language": _REQUEST_LANGUAGE,
    },
    ["text"],
)

_LT_MATCH = _obj(
    {
        "message": _STR,
        "shortMessage": _STR,
        "replacements": {"type": "array", "items": _obj({"value": _STR})},
        "offset": {**_INT, "minimum": 0, "description": "In UTF-16 code units."},
        "length": {**_INT, "minimum": 0, "description": "In UTF-16 code units."},
        "context": _obj(
            {
                "text": _STR,
                "offset": {**_INT, "minimum": 0},
                "length": {**_INT, "minimum": 0},
            }
        ),
        "sentence": _STR,
        "type": _obj({"typeName": _STR}),
        "rule": _obj(
            {
                "id": _STR,
                "description": _STR,
                "issueType": _STR,
                "category": _obj({"id": _STR, "name": _STR}),
                "urls": {"type": "array", "items": _obj({"value": _STR})},
            },
            ["id", "description", "issueType", "category"],
        ),
        "ignoreForIncompleteSentence": _BOOL,
        "contextForSureMatch": _INT,
    }
)

_LANGUAGE = _obj({"name": _STR, "code": _STR, "longCode": _STR})

_LT_RESPONSE = _obj(
    {
        "software": _obj(
            {
                "name": _STR,
                "version": _STR,
                "buildDate": _STR,
                "apiVersion": _INT,
                "status": _STR,
                "premium": _BOOL,
            }
        ),
        "warnings": _obj({"incompleteResults": _BOOL}),
        "language": {
            **_obj(
                {
                    "name": _STR,
                    "code": _STR,
                    "detectedLanguage": _obj(
                        {"name": _STR, "code": _STR, "confidence": {"type": "number"}}
                    ),
                }
            ),
            "description": "The language asked for (for 'auto', the one identified); in "
            "detectedLanguage, the one identified for the text among those served.",
        },
        "matches": {"type": "array", "items": _ref("LanguageToolMatch")},
    }
)

_LT_FORM = _obj(
    {
        "text": {"type": "string", "description": "The text to check (or 'data')."},
        "data": {
            "type": "string",
            "description": 'Annotated text as JSON: {"annotation": [{"text": "A "}, '
            '{"markup": "<b>"}, {"text": "test"}, {"markup": "<p>", "interpretAs": "\\n\\n"}]}. '
            "Markup is not checked (its interpretAs is); offsets count the markup.",
        },
        "language": {
            "type": "string",
            "description": "auto, English (en, en-US, en-GB...) or the language of a pack in "
            "effect, with or without a region (fr, fr-CA, de-DE, es, nl, pt-BR, it...; "
            "GET /v2/languages lists them): its packs apply, and those that name no language. "
            "auto keeps the server's setting (each paragraph checked with the packs of its "
            "language, identified). Another language is refused.",
        },
        "preferredVariants": {
            "type": "string",
            "description": "With auto: the variants to name a language identified by, "
            "comma-separated (e.g. en-GB,de-AT).",
        },
        "enabledRules": {"type": "string", "description": "Comma-separated rule ids."},
        "disabledRules": {
            "type": "string",
            "description": "Comma-separated rule ids; ids termlint does not know are ignored.",
        },
        "enabledCategories": {"type": "string"},
        "disabledCategories": {"type": "string"},
        "enabledOnly": {"enum": ["true", "false"]},
        "level": {
            "enum": ["default", "picky"],
            "description": "picky also reports findings of severity info (accepted uses).",
        },
        "apiKey": {
            "type": "string",
            "description": "The server's access token, when it has one.",
        },
    },
    ["language"],
    extra=True,
)

_UPLOAD = _obj(
    {
        "file": {
            "type": "string",
            "contentMediaType": "application/octet-stream",
            "description": "A .docx or .odt file; or a text file (.txt, .md, .html...) in UTF-8.",
        },
        "language": _REQUEST_LANGUAGE,
    },
    ["file"],
)


@functools.cache
def spec() -> dict[str, Any]:
    """The OpenAPI document."""
    bearer = [{"bearer": []}]
    text_body = {"required": True, "content": {"application/json": {"schema": _ref("TextRequest")}}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "termlint serve",
            "version": __version__,
            "description": "termlint, a terminology linter for writing about child sexual "
            "abuse and exploitation, over HTTP: a JSON API (/api) and LanguageTool's (/v2). "
            "When the server has an access token (--token or TERMLINT_TOKEN), /api needs "
            "'Authorization: Bearer TOKEN' and /v2/check the token as its apiKey field. "
            "Requests never name files on the server.",
            "license": {"name": "MIT", "identifier": "MIT"},
        },
        "paths": {
            "/api/check": {
                "post": {
                    "summary": "Check a text",
                    "operationId": "check",
                    "security": bearer,
                    "requestBody": text_body,
                    "responses": {
                        "200": _json(_ref("CheckResponse"), "The findings, in text order."),
                        **_errors(400, 401, 403, 413, 415, 422, 500, 503),
                    },
                }
            },
            "/api/fix": {
                "post": {
                    "summary": "Apply every safe fix to a text",
                    "operationId": "fix",
                    "security": bearer,
                    "requestBody": text_body,
                    "responses": {
                        "200": _json(
                            _ref("FixResponse"),
                            "The fixed text, the fixes made, and the findings left in it.",
                        ),
                        **_errors(400, 401, 403, 413, 415, 422, 500, 503),
                    },
                }
            },
            "/api/rules": {
                "get": {
                    "summary": "The rules in effect",
                    "operationId": "rules",
                    "security": bearer,
                    "responses": {
                        "200": _json(_ref("RulesResponse"), "The rules."),
                        **_errors(401, 403, 500),
                    },
                }
            },
            "/api/rules/{id}": {
                "get": {
                    "summary": "One rule: rationale, preferred terms, sources, examples",
                    "operationId": "explain",
                    "security": bearer,
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": _STR}],
                    "responses": {
                        "200": _json(_ref("Explanation"), "The rule."),
                        **_errors(401, 403, 404, 500),
                    },
                }
            },
            "/api/file": {
                "post": {
                    "summary": "Check a file: Word, OpenDocument, or UTF-8 text",
                    "operationId": "checkFile",
                    "security": bearer,
                    "requestBody": {
                        "required": True,
                        "content": {"multipart/form-data": {"schema": _ref("Upload")}},
                    },
                    "responses": {
                        "200": _json(
                            _ref("FileResponse"),
                            "The text read from the file (a Word or OpenDocument file: its "
                            "paragraphs, one a line) and its findings.",
                        ),
                        **_errors(400, 401, 403, 413, 415, 422, 500, 503),
                    },
                }
            },
            "/api/review": {
                "post": {
                    "summary": "A reviewed copy of a Word or OpenDocument file",
                    "description": "Every safe fix a tracked change, every finding a comment; "
                    "sent as an attachment named NAME.reviewed.docx (or .odt).",
                    "operationId": "review",
                    "security": bearer,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    **_UPLOAD,
                                    "properties": {
                                        **_UPLOAD["properties"],
                                        "author": {
                                            "type": "string",
                                            "maxLength": 100,
                                            "description": "Author of the changes and "
                                            "comments (default termlint).",
                                        },
                                    },
                                }
                            }
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The reviewed copy.",
                            "headers": {
                                "Content-Disposition": {
                                    "schema": _STR,
                                    "description": 'attachment; filename="NAME.reviewed.docx"',
                                }
                            },
                            "content": {
                                media: {"schema": {"type": "string", "contentMediaType": media}}
                                for media in (
                                    "application/vnd.openxmlformats-officedocument."
                                    "wordprocessingml.document",
                                    "application/vnd.oasis.opendocument.text",
                                )
                            },
                        },
                        **_errors(400, 401, 403, 413, 415, 422, 500, 503),
                    },
                }
            },
            "/v2/check": {
                "post": {
                    "summary": "Check a text, as a LanguageTool server",
                    "operationId": "languageToolCheck",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": _ref("LanguageToolForm")
                            },
                            "multipart/form-data": {"schema": _ref("LanguageToolForm")},
                        },
                    },
                    "responses": {
                        "200": _json(_ref("LanguageToolResponse"), "LanguageTool's answer."),
                        **_errors(400, 401, 403, 413, 415, 422, 500, 503, lt=True),
                    },
                }
            },
            "/v2/languages": {
                "get": {
                    "summary": "The languages checked, as a LanguageTool server lists them",
                    "operationId": "languageToolLanguages",
                    "responses": {
                        "200": _json(
                            {"type": "array", "items": _ref("LanguageToolLanguage")},
                            "English and the languages of the packs in effect, each with its "
                            "variants, as LanguageTool names them.",
                        )
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document",
                    "operationId": "openapi",
                    "responses": {"200": {"description": "The OpenAPI document."}},
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": _obj(
                    {
                        "error": _obj(
                            {
                                "code": {
                                    "type": "string",
                                    "description": "e.g. invalid_json, "
                                    "too_large, timeout, unauthorized, runaway_pattern.",
                                },
                                "message": {"type": "string", "description": "One line."},
                            }
                        )
                    }
                ),
                "TextRequest": _TEXT_REQUEST,
                "Finding": _FINDING,
                "CheckResponse": _obj(
                    {
                        "version": {"const": 1},
                        "findings": {"type": "array", "items": _ref("Finding")},
                    }
                ),
                "Fix": _obj(
                    {
                        "line": {**_INT, "minimum": 1},
                        "column": {**_INT, "minimum": 1},
                        "rule": _STR,
                        "old": _STR,
                        "new": _STR,
                    }
                ),
                "FixResponse": _obj(
                    {
                        "version": {"const": 1},
                        "text": _STR,
                        "fixes": {"type": "array", "items": _ref("Fix")},
                        "findings": {"type": "array", "items": _ref("Finding")},
                    }
                ),
                "Rule": _RULE,
                "RulesResponse": _obj(
                    {"version": {"const": 1}, "rules": {"type": "array", "items": _ref("Rule")}}
                ),
                "Explanation": _EXPLANATION,
                "Upload": _UPLOAD,
                "FileResponse": _obj(
                    {
                        "version": {"const": 1},
                        "filename": _STR,
                        "format": _STR,
                        "text": _STR,
                        "findings": {"type": "array", "items": _ref("Finding")},
                    }
                ),
                "LanguageToolForm": _LT_FORM,
                "LanguageToolMatch": _LT_MATCH,
                "LanguageToolResponse": _LT_RESPONSE,
                "LanguageToolLanguage": _LANGUAGE,
            },
        },
    }
