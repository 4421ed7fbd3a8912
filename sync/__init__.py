"""On the phone: the HTTP client, the outbox and the sync engine that talk to the server."""
