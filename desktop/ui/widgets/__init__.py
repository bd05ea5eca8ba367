"""Small reusable widgets: a field with its inline message, date fields, search combos."""
