"""papermill support for lmlab notebooks: a Java parameter translator.

Importing this module registers :class:`JavaTranslator` with papermill for the kernel name
``lmlab`` and the language ``java``. papermill imports it through the ``papermill.engine`` entry
point (:class:`LmlabEngine`, papermill's nbclient engine under another name), since papermill
reads entry points for engines but not for translators.
"""
from __future__ import annotations

from papermill.engines import NBClientEngine
from papermill.translators import papermill_translators

from .translator import JavaTranslator

__all__ = ["JavaTranslator", "LmlabEngine"]


class LmlabEngine(NBClientEngine):
    """papermill's nbclient engine; ``--engine lmlab`` is the same as the default."""


papermill_translators.register("java", JavaTranslator)
papermill_translators.register("lmlab", JavaTranslator)
