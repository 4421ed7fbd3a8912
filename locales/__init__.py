"""Translations (gettext catalogs) and the small i18n helper used by every screen."""
