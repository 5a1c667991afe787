"""The performance and reliability harness: each module measures one claim and writes JSON.

Run everything with `python -m benchmarks` (from the repository root, `PYTHONPATH=src:.`);
each module also runs alone, e.g. `python -m benchmarks.portal_load`.
"""
