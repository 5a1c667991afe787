"""The portal's HTTP routes, one module per part of the site."""
