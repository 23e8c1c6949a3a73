"""strikewire evaluation harness: score the pipeline on public research corpora (../shared/eval).

Pure metric functions live in :mod:`evaluation.metrics`; one runner per task (:mod:`evaluation.types`,
:mod:`evaluation.casualties`, :mod:`evaluation.roles`, :mod:`evaluation.dedup`); the click group
``eval_group`` in :mod:`evaluation.cli`; ``python -m evaluation.report`` runs everything and rewrites
EVALUATION.md. No corpus text is ever written into the repository.
"""
