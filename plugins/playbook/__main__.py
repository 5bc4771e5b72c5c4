"""``python -m playbook``: see :mod:`playbook.cli`."""

from playbook.cli import main

raise SystemExit(main())
