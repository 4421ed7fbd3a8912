"""On the phone: the HTTP client, the outbox and the sync engine that talk to the server.

- `sync.enrollment`: enroll the phone; the token is kept in the vault's settings.
- `sync.engine.SyncEngine`: one sync — push the outbox, pull feedback — as a `SyncReport`.
- `sync.scheduler.SyncScheduler`: when to sync (connectivity, saves, the worker, a probe),
  on its own thread, one sync at a time; it publishes one `sync.report.SyncStatus`.
- `sync.outbox` picks and marks the contacts, `sync.push` and `sync.sender` send them,
  `sync.client.ApiClient` speaks HTTP, `sync.protocol` checks the answers,
  `sync.retry.RetryPolicy` decides every wait, `sync.errors` names what goes wrong,
  `sync.trust` makes the TLS context of an organisation's own CA.

Wiring in the app::

    engine = SyncEngine.open(vault, repository)  # trusting the CA bundle kept in the vault
    scheduler = SyncScheduler(engine, on_status=...)  # status.revoked: the phone was wiped
    scheduler.start()
    connectivity.on_change = lambda e: scheduler.notify_online(
        online_from_kinds(kind.value for kind in e.connectivity))
    ...
    scheduler.stop()
    engine.close()
"""
