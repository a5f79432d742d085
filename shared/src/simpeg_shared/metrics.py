"""Prometheus metrics of the plumbing, created once per process."""

from prometheus_client import Counter, Gauge, Histogram

HTTP_LATENCY = Histogram(
    "simpeg_http_request_seconds", "HTTP request latency", ["service", "method", "route", "status"]
)
RELAY_PUBLISHED = Counter("simpeg_relay_published_total", "Records produced by the relay", ["context"])
RELAY_REPUBLISH = Counter(
    "simpeg_relay_republish_total", "Times a relay started again from position 0", ["context"]
)
RELAY_LAG = Gauge("simpeg_relay_lag", "Notifications not yet published", ["context"])
EVENTS_PROCESSED = Counter(
    "simpeg_events_processed_total", "Events applied to a read model", ["projection"]
)
EVENTS_DUPLICATE = Counter(
    "simpeg_events_duplicate_total", "Redelivered events recognised and skipped", ["projection"]
)
DEAD_LETTERS = Counter("simpeg_dead_letters_total", "Records a consumer could not decode", ["consumer"])
CONSUMER_LAG = Gauge("simpeg_consumer_lag", "Records behind the end of the topic", ["consumer", "partition"])
