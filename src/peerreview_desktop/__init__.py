"""Peer Review Desktop: offline school peer review visits."""

__version__ = "0.1.0"
APP_NAME = "Peer Review Desktop"
