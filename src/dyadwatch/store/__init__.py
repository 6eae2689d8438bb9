"""DuckDB storage: schema (migrations), writes and reads."""
from dyadwatch.store.db import DEFAULT_DB, migrate, open_db

__all__ = ["DEFAULT_DB", "migrate", "open_db"]
