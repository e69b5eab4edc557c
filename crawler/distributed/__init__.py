"""Distributed crawling: a shared Redis frontier served by worker processes on many machines.

- ``frontier``: the frontier in Redis, shared by the workers and the coordinator.
- ``spider``: a worker's spider, serving every portal of the run.
- ``scheduler``: the frontier as Scrapy's scheduler (scrapy-redis).
- ``politeness``: the request rate per host and robots.txt, shared by all workers.
- ``archive``: the archive variant that makes concurrent workers write each thing once.
- ``pipelines``: the item pipeline that hands parsed reports to the coordinator.
- ``settings``: what a worker's Scrapy settings change.

The coordinator that seeds and finishes a run is ``gongkai.runs.distributed``.
"""
