"""Scored assessments, one path: files -> problems + scored respondents -> a firm's result.

* :mod:`.responses`: response files checked and scored through the engine;
* :mod:`.read`: the one reader of scored input (response files, ``amc score`` JSON, batch and
  export tables), returning scored respondents with their provenance and every problem
  (:mod:`.readers` reads each kind; :mod:`.cells` parses table cells);
* :mod:`.firm`: the one aggregation of a firm's respondents into its result.
"""
