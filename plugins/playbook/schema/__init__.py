"""Holds the published JSON Schema file (``entry.schema.json``), generated from core/spec.py."""
