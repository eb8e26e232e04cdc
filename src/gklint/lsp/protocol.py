"""Turning lint results into LSP protocol objects (lsprotocol types only, no pygls).

Diagnostics with positions in the client's encoding, quick-fix and fix-all code
actions, and hover contents. Kept apart from the server so the conversions read
on their own and the server module is only the pygls wiring.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from gklint.diagnostics import Applicability, Diagnostic, Edit, Severity
from gklint.engine import LintResult
from gklint.lsp import actions, render
from gklint.lsp.convert import PositionEncoder
from gklint.ruledata import RuleInfo

SOURCE = "gklint"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@dataclass(frozen=True)
class LintRequest:
    uri: str
    version: int
    text: str
    path: Path | None
    language_id: str | None


@dataclass
class Linted:
    """One lint of one document version, kept for hover and code actions."""

    request: LintRequest
    result: LintResult
    encoder: PositionEncoder
    lsp: list[types.Diagnostic]

    @property
    def version(self) -> int:
        return self.request.version


@dataclass(frozen=True)
class Outcome:
    linted: Linted | None  # None: not a report (or excluded) — publish nothing
    config_error: str | None = None


def _kind_wanted(kind: str, only: Sequence[str] | None) -> bool:
    # CodeActionKind is hierarchical: asking for "source.fixAll" includes "source.fixAll.gklint".
    if not only:
        return True
    return any(kind == want or kind.startswith(f"{want}.") for want in only)


def to_lsp(diag: Diagnostic, index: int, req: LintRequest, encoder: PositionEncoder) -> types.Diagnostic:
    related = [
        types.DiagnosticRelatedInformation(
            location=types.Location(uri=req.uri, range=lsp_range(encoder, rel.span.start, rel.span.end)),
            message=rel.message,
        )
        for rel in diag.related
    ]
    fix = diag.fix.applicability.value if diag.fix is not None else None
    return types.Diagnostic(
        range=lsp_range(encoder, diag.span.start, diag.span.end),
        message=diag.message,
        severity=_SEVERITY[diag.severity],
        code=diag.code,
        code_description=types.CodeDescription(href=render.rule_url(diag.code)),
        source=SOURCE,
        related_information=related or None,
        # Lets a code action find the exact diagnostic it was asked about.
        data={"version": req.version, "index": index, "fix": fix},
    )


def lsp_range(encoder: PositionEncoder, start: int, end: int) -> types.Range:
    (sl, sc), (el, ec) = encoder.to_client(start), encoder.to_client(end)
    return types.Range(start=types.Position(line=sl, character=sc), end=types.Position(line=el, character=ec))


def text_edits(encoder: PositionEncoder, edits: Sequence[Edit]) -> list[types.TextEdit]:
    return [
        types.TextEdit(range=lsp_range(encoder, e.span.start, e.span.end), new_text=e.content) for e in edits
    ]


def workspace_edit(linted: Linted, edits: Sequence[Edit], *, versioned: bool) -> types.WorkspaceEdit:
    """`versioned`: the client accepts documentChanges, so the edit can carry the document version."""
    changes = text_edits(linted.encoder, edits)
    if versioned:
        # The version makes the client refuse the edit if the text moved on.
        ident = types.OptionalVersionedTextDocumentIdentifier(uri=linted.request.uri, version=linted.version)
        return types.WorkspaceEdit(
            document_changes=[types.TextDocumentEdit(text_document=ident, edits=changes)]
        )
    return types.WorkspaceEdit(changes={linted.request.uri: changes})


def _matching(linted: Linted, params: types.CodeActionParams) -> list[int]:
    """Indices of our diagnostics the request is about."""
    ours = [d for d in params.context.diagnostics if d.source == SOURCE]
    if not ours:
        start = linted.encoder.to_offset(params.range.start.line, params.range.start.character)
        end = linted.encoder.to_offset(params.range.end.line, params.range.end.character)
        return [
            i for i, d in enumerate(linted.result.diagnostics) if d.span.start <= end and start <= d.span.end
        ]
    found: list[int] = []
    for sent in ours:
        data = sent.data if isinstance(sent.data, dict) else {}
        index = data.get("index")
        if data.get("version") == linted.version and isinstance(index, int) and 0 <= index < len(linted.lsp):
            found.append(index)
            continue
        # Sent from an older version: accept it only if it still exists unchanged.
        for i, mine in enumerate(linted.lsp):
            if mine.code == sent.code and mine.range == sent.range and i not in found:
                found.append(i)
                break
    return found


def code_actions(
    linted: Linted, params: types.CodeActionParams, *, versioned: bool
) -> list[types.CodeAction]:
    only = params.context.only
    out: list[types.CodeAction] = []
    if _kind_wanted(types.CodeActionKind.QuickFix.value, only):
        ignored_codes: set[str] = set()
        for index in _matching(linted, params):
            diag, lsp_diag = linted.result.diagnostics[index], linted.lsp[index]
            if diag.fix is not None and diag.fix.edits:
                out.append(
                    types.CodeAction(
                        title=actions.fix_title(diag, diag.fix),
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp_diag],
                        edit=workspace_edit(linted, diag.fix.edits, versioned=versioned),
                        is_preferred=diag.fix.applicability is Applicability.SAFE,
                    )
                )
            if linted.request.path is not None and diag.code not in ignored_codes:
                ignored_codes.add(diag.code)
                title = actions.ignore_title(diag.code)
                out.append(
                    types.CodeAction(
                        title=title,
                        kind=types.CodeActionKind.QuickFix,
                        diagnostics=[lsp_diag],
                        command=types.Command(
                            title=title,
                            command=actions.IGNORE_COMMAND,
                            arguments=[linted.request.uri, diag.code],
                        ),
                    )
                )
    if _kind_wanted(actions.FIX_ALL_KIND, only):
        edits = actions.safe_fix_edits(linted.result.diagnostics)
        if edits:
            out.append(
                types.CodeAction(
                    title=actions.FIX_ALL_TITLE,
                    kind=actions.FIX_ALL_KIND,
                    edit=workspace_edit(linted, edits, versioned=versioned),
                )
            )
    return out


def hover_for(linted: Linted, position: types.Position, rules: dict[str, RuleInfo]) -> types.Hover | None:
    offset = linted.encoder.to_offset(position.line, position.character)
    hits = [
        i
        for i, d in enumerate(linted.result.diagnostics)
        if d.span.start <= offset < d.span.end or d.span.start == d.span.end == offset
    ]
    if not hits:
        return None
    markdown = render.hover_markdown([linted.result.diagnostics[i] for i in hits], rules)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=markdown),
        range=linted.lsp[hits[0]].range,
    )
