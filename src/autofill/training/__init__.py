"""The training mode: the demo command, the on-page overlay, step guides and the handout."""
