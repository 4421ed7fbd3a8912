"""The field app's application layer: what the screens call, with no Flet in it.

- `fieldapp.app.FieldApp`: the app for one data folder and its phase; its parts:
- `fieldapp.vault.VaultKeeper`: create, unlock, lock, change the PIN, wipe; the device secret.
- `fieldapp.sessions.Windows`: the app's windows (browser tabs), each let in by its own PIN.
- `fieldapp.contacts.Contacts`: the list, one contact, form values, saving, trying again.
- `fieldapp.persons.Persons`: the persons, own and the team's: the list, a timeline, and
  "is this the same person?" before a new one is recorded.
- `fieldapp.drafts.Drafts`: an unsaved form kept across a lock.
- `fieldapp.sync_control.SyncControl`: enrollment, the scheduler, the one sync status.
- `fieldapp.settings.Settings`: the phone's non-secret settings file.
- `fieldapp.purge.Purge`: the retention purge at unlock, in the background.
- `fieldapp.server_trust.ServerTrust`: the organisation's own CA bundle, kept in the vault.
- `fieldapp.summaries`, `fieldapp.person_rows`, `fieldapp.errors`, `fieldapp.config`,
  `fieldapp.idle`: the values, errors and configuration the screens receive, and the
  idle-lock clock.

Below it: `storage` and `sync`; above it: `views`, which never import those.
"""
