"""Imported by the worker pool's fork server when it starts (see `dyadwatch.workers`): the Coder the
pool needs is loaded here once, and every worker forked from the server starts with it.

Importing it anywhere else does nothing unless the preload variable is set, which the pool does only
while it starts the server.
"""
from dyadwatch.workers import preload_from_environment

preload_from_environment()
