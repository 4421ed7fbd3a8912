"""Widgets the field app's screens share: inputs with semantics hooks, the sync bar, badges."""
