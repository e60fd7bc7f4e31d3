"""Cluster mode: many ``portalwatch worker`` processes, on one machine or many, sharing one Redis.

The unit of work is a portal's run, as everywhere else in portalwatch: ``crawl --all --cluster URL`` and
``schedule --cluster URL`` put due portals in Redis (``runs``); each worker claims runs under a lease it renews,
crawls them with the usual spider, pipelines and run log, and releases them when their request queue drains.
Requests go through scrapy-redis: each run's queue and dupefilter live in Redis (``scheduler``), so a worker
killed mid-run loses nothing: its lease ends, another worker claims the run and continues the same queue,
requests it had in flight included. Per-host politeness holds across workers through a shared gate in Redis
(``politeness``): concurrency tokens, the delay between requests and any Retry-After backoff are per host for
the whole cluster, not per process.

Why runs and not single requests are what workers share: a portal is one host, and a host's pace is set by its
politeness (two requests at once, a second apart), not by the number of workers; what more workers buy is more
portals at once. Spreading one portal's requests over several workers would only split its reading plan
(``crawler.incremental``) across processes.
"""
