"""Playbook Relation Client: YAML entries → validated, cross-linked MkDocs pages."""

__version__ = "0.1.0"
