"""Read /metrics as Prometheus would, for the tests that check a number on it."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def metrics_read(client, **extra: str) -> Samples:
    """Every sample on /metrics, asked from 127.0.0.1 (allowed by default)."""
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1", **extra)
    assert response.status_code == 200, response.status_code
    samples: Samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, frozenset(sample.labels.items()))] = sample.value
    return samples


def sample(samples: Samples, name: str, **labels: str) -> float:
    """One sample's value; 0 when absent (a counter not counted yet)."""
    return samples.get((name, frozenset(labels.items())), 0.0)
