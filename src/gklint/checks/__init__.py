"""Checks: one module per rule family, each a function `check(ctx) -> Iterable[Diagnostic]`.

| family              | module              | codes          |
|---------------------|---------------------|----------------|
| title / year        | title.py            | GK001–GK003    |
| sections            | sections.py         | GK101–GK107    |
| statistics window   | window.py           | GK201–GK203    |
| table sums (勾稽关系) | table_sum.py        | GK301–GK304    |
| table structure     | table_structure.py  | GK401–GK407    |
| outdated template   | outdated.py         | GK501–GK503    |
| prose vs tables     | prose_tables.py     | GK601–GK603    |
| narrative years     | narrative_years.py  | GK611–GK613    |
| required content    | required_content.py | GK701–GK707    |
| last year's report  | previous_year.py    | GK800–GK804    |
| publication deadline| deadline.py         | GK901          |
| user phrase packs   | phrases.py          | from the pack  |

Shared helpers: figures.py (named table figures, 2019/2021 rows), organisation.py
(人民政府 or department, from the title).
"""
