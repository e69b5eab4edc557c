"""The bottom layer: the canonical report, its vocabulary, settings and shared exceptions.

Imports nothing of the project; every other layer may import it.
"""
