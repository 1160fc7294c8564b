"""The app's models. The wiki side lives in `models_wikis` (imported here so Django finds it)."""

from rightsdesk.wikisafety.models_wikis import (
    REMOVE_PERMISSION,
    Removal,
    SeenRevision,
    WatcherStatus,
    WatchPosition,
    Wiki,
)

__all__ = ["REMOVE_PERMISSION", "Removal", "SeenRevision", "WatchPosition", "WatcherStatus", "Wiki"]
