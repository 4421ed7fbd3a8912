"""The central server: sync and review API, database, audit log, command line, web pages."""
