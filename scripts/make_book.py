#!/usr/bin/env python3
"""Print the playbook's books to PDF (``make book`` runs it; ``make pdf`` too).

Usage: ``python scripts/make_book.py [--config mkdocs.yml] [--out pdf]``. See ``playbook/book_printer.py``.
"""

from __future__ import annotations

import sys

from playbook.book_printer import main

if __name__ == "__main__":
    sys.exit(main())
