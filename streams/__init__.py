"""Kafka and Faust plumbing of strikewire: settings, broker, topics, app factory and CLI."""
