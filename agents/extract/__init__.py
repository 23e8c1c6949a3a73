"""EXTRACT stage: one article in, the events it reports out (as ``schemas.models.Mention``).

Public API (the Faust agent and the CLI call exactly this)::

    policy = ExtractionPolicy()          # model, batch size, thresholds
    ex = Extractor(policy)               # loads spaCy + gazetteers once
    ex.extract(article) -> list[Mention]
    ex.extract_batch(articles) -> list[list[Mention]]   # nlp.pipe under the hood
    article_text(article) -> str         # the text evidence offsets refer to

Domain code only: never imports faust or aiokafka.
"""

from __future__ import annotations

from .extractor import ExtractionPolicy, Extractor, article_text, text_fingerprint

__all__ = ["ExtractionPolicy", "Extractor", "article_text", "text_fingerprint"]
