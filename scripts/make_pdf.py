#!/usr/bin/env python3
"""Print every checklist and trainer kit of a built site to PDF (``make pdf`` runs it).

Usage: ``python scripts/make_pdf.py [--site site] [--out pdf]``. See ``playbook/pdf_printer.py``.
"""

from __future__ import annotations

import sys

from playbook.pdf_printer import main

if __name__ == "__main__":
    sys.exit(main())
