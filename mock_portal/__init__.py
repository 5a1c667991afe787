"""A stateful local mock of the Shanghai HRSS online service platform (skill-improvement subsidy)."""
