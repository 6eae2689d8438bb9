"""events stage: the event coder (`Coder`), imported lazily so importing the package stays light."""
from __future__ import annotations

from typing import Any

__all__ = ["Coder"]


def __getattr__(name: str) -> Any:
    if name == "Coder":
        from dyadwatch.events.coder import Coder

        return Coder
    raise AttributeError(name)
