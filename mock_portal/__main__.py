"""`python -m mock_portal`: serve the mock portal (same flags as `autofill portal serve`)."""
