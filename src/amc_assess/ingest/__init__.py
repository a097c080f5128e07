"""Import collected responses: survey-tool exports, spreadsheets and response files.

:func:`read_inputs` reads every input into one answers frame (columns are item ids, the
scoring engine's input), the respondents' metadata, and a report of every cell that could
not be read, each with its file, row, column and value.
"""

from amc_assess.ingest.inputs import ERROR_COLUMNS, Ingested, read_inputs
from amc_assess.ingest.mapfile import PROFILES, MapFile

__all__ = ["ERROR_COLUMNS", "PROFILES", "Ingested", "MapFile", "read_inputs"]
