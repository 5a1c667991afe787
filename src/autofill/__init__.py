"""autofill: fills in the Shanghai skill-improvement subsidy application, with a human in control."""

__version__ = "0.1.0"
