"""Kafka security settings reach both the Faust worker and the plain aiokafka clients."""

from __future__ import annotations

import faust

from streams.app import faust_config
from streams.security import broker_credentials, client_options
from streams.settings import Settings


def test_security_plaintext_adds_nothing():
    settings = Settings(broker_url="kafka://k:9092")
    assert client_options(settings) == {"bootstrap_servers": "k:9092"}
    assert broker_credentials(settings) is None
    assert "broker_credentials" not in faust_config(settings)


def test_security_sasl_ssl_reaches_both_client_kinds():
    settings = Settings(
        broker_url="kafka://k:9093",
        security_protocol="SASL_SSL",
        sasl_mechanism="SCRAM-SHA-512",
        sasl_username="sw",
        sasl_password="pw",
    )
    options = client_options(settings)
    assert options["security_protocol"] == "SASL_SSL"
    assert options["sasl_mechanism"] == "SCRAM-SHA-512"
    assert (options["sasl_plain_username"], options["sasl_plain_password"]) == ("sw", "pw")
    assert options["ssl_context"] is not None
    credentials = faust_config(settings)["broker_credentials"]
    assert isinstance(credentials, faust.SASLCredentials)
    assert credentials.username == "sw"


def test_security_ssl_without_sasl_has_no_password():
    options = client_options(Settings(broker_url="kafka://k:9093", security_protocol="SSL"))
    assert options["ssl_context"] is not None
    assert "sasl_plain_password" not in options
