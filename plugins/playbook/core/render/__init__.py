"""The rendering toolkit: what every generated page is made with, and nothing that makes a page.

- :mod:`.escape`: escaping values for Markdown, HTML, URLs and CSS;
- :mod:`.templates`: the Jinja environments (built-in templates, theme overrides);
- :mod:`.urls`: where each page is and the URLs between pages;
- :mod:`.html_blocks`: HTML blocks held out of the Markdown converter and put back;
- :mod:`.sheet_layout`: the A4 checklist sheets (content and type density);
- :mod:`.pdf_downloads`: printable pages' fingerprints and the PDFs ``make pdf`` made;
- :mod:`.renderer`: :class:`~.renderer.Renderer`, which ties them together for page renderers.

The page renderers themselves are in :mod:`playbook.core.pages`, above this package.
"""
