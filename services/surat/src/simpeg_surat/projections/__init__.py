"""Read models surat keeps: officials from profile's events, the letter requests of cuti and
KGB, and the recipients' inboxes from its own events."""
