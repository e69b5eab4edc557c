"""Incremental crawling the way web archivers recrawl: the state lives in the archive.

Four Scrapy components, all switched off by ``GONGKAI_INCREMENTAL = False`` (``--refetch``):

- ``conditional.ConditionalRequestMiddleware`` (downloader): GET requests carry
  ``If-None-Match`` / ``If-Modified-Since`` from the last 200 of the URL in a *finished* crawl of
  the portal. A 304 becomes a fetch row (outcome ``not_modified``, 0 bytes), the document's
  ``last_seen`` moves, and the spider gets the stored bytes back as a 200 (flag
  ``not_modified``), so robots.txt and page callbacks work unchanged. A 404/410 on a known
  document marks it gone.
- ``known.KnownItemsMiddleware`` (spider): below a navigation page (start, hub, list) that
  answered 304 nothing is followed — the site has not changed since. Known report pages and
  files of a server without validators are not fetched again (they count as seen). Pagination
  stops after page 2 at a list page that shows only known items. ``GONGKAI_DEEP`` turns all
  three shortcuts off.
- ``known.SkipKnownPipeline`` (item): bytes that were parsed before are not parsed again; the
  same bytes at a new URL only add a ``report_sources`` row to the version they gave.
- ``revisit.RevisitExtension``: when the walk is over, known documents it did not reach are
  gone if every list was read to its end; otherwise they are asked for once (no redirects
  followed): 404/410 marks them gone, a redirect means moved, a 200 is parsed.

Navigation pages are asked with ``If-Modified-Since`` alone when a Last-Modified is known: CMS
list and index pages are regenerated when anything in their column changes, so their date says
whether the column changed, while an ETag only says that this page's bytes are the same.

In a distributed nightly run (``crawler.distributed``) one spider serves many portals: the
components find the portal spider a request or item belongs to (``portal_spider_for``), each
portal's memory is read from the shared archive as it was when the run started, what the walk
reached is logged to Redis as well (``PortalMemory.shared``), and the coordinator, not this
extension, ends the walk with ``revisit.plan_revisit`` over every worker's share.

What a portal's earlier runs left is read by ``memory`` (``PortalMemory``); what a walk changes
in the archive is written by ``writes``; ``hooks`` is what the components share.
"""
