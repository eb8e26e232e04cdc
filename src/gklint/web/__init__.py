"""`gklint serve`: a web page and a JSON API over the same engine as the CLI.

Importing this package imports nothing heavy; `gklint.web.app` pulls in
Starlette (the optional extra ``gklint[serve]``).
"""
