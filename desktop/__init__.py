"""TiepDan: desk software for Vietnamese citizen-reception offices. Imports nothing from Qt."""

__version__ = "0.1.0"
