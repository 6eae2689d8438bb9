"""pledges stage: Event -> Pledge (what is promised, how much, by when, on what condition)."""
from dyadwatch.pledges.extract import extract_pledges, is_pledge_event, pledge_kind

__all__ = ["extract_pledges", "is_pledge_event", "pledge_kind"]
