"""Driving SWF Local from outside, over HTTP, for tests/local and benchmarks/local_*.py.

- ``wire``: raw HTTP calls below boto3;
- ``served``: ``swf local serve`` in a subprocess, boto3 clients, the workload's domain;
- ``workload``: a recorded workload (starters, signallers, deciders, workers) and its audit;
- ``races``: answers racing their own time-outs, kill -9 while time-outs fire;
- ``malformed`` and ``random_requests``: generated requests that break the input shapes, and
  requests that pass them with random contents.
"""
