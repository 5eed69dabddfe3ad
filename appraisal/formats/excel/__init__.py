"""Excel in and out: the case template workbook, and a strict, safe loader for uploaded workbooks.

Members and officers live in Excel, so a case can travel as a workbook: one sheet per part of the
case (Case, Councils, Scale, Criteria, Options, Ratings, Weights, and optionally Assessors,
Assessments and More). :func:`write.case_workbook` writes one; :func:`read.load_case_workbook`
reads it back into the same :class:`~appraisal.case.model.Case` (YAML → Excel → YAML is lossless).

An upload is treated as hostile until proven otherwise. Before openpyxl sees a byte, ``safety``
checks the file for: size, the OLE signature (password-protected/encrypted or old .xls), not being a
zip at all (a CSV renamed .xlsx), the zip's declared entry count, uncompressed sizes and compression ratio
(zip bombs), macros (vbaProject.bin, macro-enabled content types), external links, and XML
DOCTYPE/entity declarations. openpyxl then reads in streaming (read-only) mode with row caps. Every
problem is reported with its sheet and cell ("Ratings!D7: 'Hgh' is not a rating; use High, Medium
or Low") as a :class:`~appraisal.errors.CaseError`; nothing else escapes.
"""
