"""dyadwatch: news in, political event data out, relations between states watched over time."""
__version__ = "0.1.0"
