"""Scenario files: their model, loading, the runner and the flow they drive."""
