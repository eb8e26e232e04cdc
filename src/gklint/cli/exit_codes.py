"""gklint's exit codes, as ruff's: 0 = nothing at or above ``--fail-on``; 1 = problems found (``--diff``:
something to fix); 2 = usage, input, configuration or internal error."""

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_ERROR = 2
