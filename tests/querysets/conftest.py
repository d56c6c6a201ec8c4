"""Fixtures: the backends (SWF Local, moto's server) the suite runs against."""

from tests.backends import backend, connection, moto_endpoint_url

__all__ = ["backend", "connection", "moto_endpoint_url"]
