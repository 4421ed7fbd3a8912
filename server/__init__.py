"""The central server: sync and review API, database, audit log, command line, web pages."""

__version__ = "0.1.0"
