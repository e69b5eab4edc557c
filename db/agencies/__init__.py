"""Agency identity: one key per publishing body across the names it signs with and the years.

- ``places``: divisions current and past (``db/data/lineage.csv``), short forms, zones.
- ``names``: a name as printed → places, kind, stem (``read_name``, ``classify``).
- ``resolve``: the rules, pure (``Resolver``, ``Sighting``, ``Identity``).
- ``store`` / ``context``: the archive side, used by ``db.loader`` (``assign``).
- ``decisions``, ``config``, ``lookup``, ``listing``: merge, split, link, undo; agencies.toml;
  finding and listing agencies for ``gongkai agencies``.

docs/schema.md (*Agencies*) describes the rules and the tables.
"""
