"""Bringing in other apps' workout logs (Strong and Hevy CSV exports) as pchain sessions.

`csv_table` reads an export's text and columns, `strong` and `hevy` read their rows into
`ImportedSet`s, `exercise_names` matches their exercise names to library ids, and `batch` groups
the rows into `SessionRecord`s, with the problems of the rows it could not read.
"""
