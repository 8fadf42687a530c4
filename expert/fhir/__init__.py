"""FHIR in and out: a Bundle read as a presentation (``mapping``), legwise's
findings as a FHIR Questionnaire (``questionnaire``), and the command line's
loader that tells a Bundle from a contract presentation (``loading``).

``fhir.resources`` (the ``fhir`` extra) is needed by ``mapping`` and
``questionnaire``; ``loading`` imports it only when it meets a Bundle.
"""
