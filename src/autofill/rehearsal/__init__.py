"""The rehearsal: the embedded mock portal, its /__mock__ client and citizens from profiles; the only importers of mock_portal."""
