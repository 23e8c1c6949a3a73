"""The in-process benchmark's section of docs/BENCHMARKS.md survives both writers."""

from __future__ import annotations

from bench.extract import SECTION_BEGIN, SECTION_END, keep_section, replace_section

SECTION = f"{SECTION_BEGIN}\n## In-process\nnew figures\n{SECTION_END}"
OLD_SECTION = f"{SECTION_BEGIN}\n## In-process\nold figures\n{SECTION_END}"


def test_bench_extract_section_appended_when_absent() -> None:
    doc = replace_section("# Benchmarks\n\nbroker figures\n", SECTION)
    assert doc == f"# Benchmarks\n\nbroker figures\n\n{SECTION}\n"


def test_bench_extract_section_replaced_in_place() -> None:
    doc = f"# Benchmarks\n\n{OLD_SECTION}\n\nmore\n"
    assert replace_section(doc, SECTION) == f"# Benchmarks\n\n{SECTION}\n\nmore\n"


def test_bench_run_rewrite_keeps_the_section() -> None:
    old = f"# Benchmarks\n\nold broker figures\n\n{OLD_SECTION}\n"
    new = "# Benchmarks\n\nnew broker figures\n"
    assert keep_section(old, new) == f"# Benchmarks\n\nnew broker figures\n\n{OLD_SECTION}\n"
    assert keep_section("# Benchmarks\n", new) == new


def test_bench_extract_times_functions_the_chain_calls() -> None:
    """StageClock times a stage by replacing the chain module's name for it: the name must be the one the
    chain calls, or the benchmark fails (as it did when the chain switched to ``step_tables``)."""
    import agents.chain as chain_module
    from bench.extract import StageClock

    for name in StageClock.NAMES.values():
        assert callable(getattr(chain_module, name, None)), name
