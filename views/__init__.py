"""The field app's screens and widgets (Flet). No I/O of their own: they call `fieldapp`."""
