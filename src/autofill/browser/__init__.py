"""Finding a Chromium, making browser contexts, and a batch's runs on one connection."""
