"""simpeg_shared: the plumbing every SIMPEG service rides on.

Event contracts and their Kafka envelope, the relay (event store -> Kafka), the idempotent
consumer base, settings, persistence, HTTP conventions, auth, the embedded broker and the CLI.
It holds no business rule of any context.
"""
