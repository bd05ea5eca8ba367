"""The statutory periodic report tables (01/TCD ... 04/KQGQ), the period they cover, and their exports.

The tables are data (resources/reports/*.json): each column's header path, its number in the MS row,
the sum rules that row states, and what the cell counts as a measure and a list of conditions from a
fixed vocabulary (``facts``). Each cell is one SQL aggregate over the recorded facts (docs/reports.md).
"""
