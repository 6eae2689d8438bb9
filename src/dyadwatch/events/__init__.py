"""events stage: the event coder (`Coder`)."""
from dyadwatch.events.coder import Coder

__all__ = ["Coder"]
