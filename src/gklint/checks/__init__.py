"""Checks: one module per rule family, each a function `check(ctx) -> Iterable[Diagnostic]`.

| family              | module              | codes          |
|---------------------|---------------------|----------------|
| title / year        | title.py            | GK001–GK003    |
| sections            | sections.py         | GK101–GK107    |
| statistics window   | window.py           | GK201–GK203    |
| table sums (勾稽关系) | table_sum.py        | GK301–GK304    |
| table structure     | table_structure.py  | GK401–GK407    |
| outdated template   | outdated.py         | GK501–GK503    |
| user phrase packs   | phrases.py          | from the pack  |
"""
