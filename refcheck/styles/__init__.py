"""Citation styles in one place: what parse detects, what checks and fix apply, what export prints.

* :mod:`~refcheck.styles.detect`   which style a reference (or a whole list) is written in, and the
  list's own conventions (title case, elision, dash) that a fix must follow;
* :mod:`~refcheck.styles.registry` style name -> :class:`~refcheck.styles.model.Style` (defaults,
  name form, renderer);
* :mod:`~refcheck.styles.render`   :func:`~refcheck.styles.render.render_reference`, the one entry
  point that prints a :class:`~refcheck.model.Work` or :class:`~refcheck.model.Citation`;
* one module per style family (``nlm``: Vancouver and AMA; ``author_date``: APA and Harvard;
  ``ieee``; ``nature``), over the shared ``model``, ``names`` and ``pieces``.

Adding a style is one module that builds a ``Style`` and one line in ``registry.STYLES``.
"""
