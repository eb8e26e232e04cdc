"""The gklint language server: `gklint server` or `python -m gklint.lsp` (stdio).

Importing this package does not import pygls; only `gklint.lsp.server` does.
"""
