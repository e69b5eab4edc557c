"""Query and publish the archive: saved queries, coverage, search, export, serve, report.

Each module has one job; the CLI (``gongkai.cli.query``) is a few lines over each.
"""
