"""The portal's pages as page objects, the portal map and the ways to find controls."""
