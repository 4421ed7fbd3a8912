"""The HTTP API: thin routes over `server.services`."""
