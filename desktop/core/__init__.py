"""Use cases and rules of the reception desk. Never imports Qt; returns frozen dataclasses.

The modules at this level are the kernel every capability uses: errors, i18n, text, formatting,
labels, numbering (desk serials), paths, resources, files, the database handle, the office
profile, and the desk's health checks and counts. The capabilities sit in sub-packages, each
free to use those below it (import-linter checks it):

    demo | backup -> office_mode | cases -> reception -> paperwork -> deadlines -> the kernel
"""
