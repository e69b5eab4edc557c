"""Distributed crawling: a shared Redis frontier served by worker processes on many machines.

The coordinator that seeds and finishes a run is ``gongkai.runs.distributed``.
"""
