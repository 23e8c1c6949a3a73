"""VALIDATE stage: pure logic that turns ``articles.raw`` bytes into clean Articles or dead letters.

Domain code only: nothing here imports faust or aiokafka (the agent wiring lives in ``agent.py``).

    >>> article = validate_article(raw)            # raises a schemas.errors.RejectedInput subclass
    >>> letter = dead_letter(raw, exc, topic="articles.raw", partition=0, offset=42,
    ...                      key=None, failed_at=now)
"""

from agents.validate.core import DEFAULT_POLICY, ValidationPolicy, validate_article
from agents.validate.deadletter import dead_letter
from agents.validate.language import Detection, detect, warm_up
from agents.validate.markup import looks_like_html, strip_html

__all__ = [
    "DEFAULT_POLICY",
    "Detection",
    "ValidationPolicy",
    "dead_letter",
    "detect",
    "looks_like_html",
    "strip_html",
    "validate_article",
    "warm_up",
]
