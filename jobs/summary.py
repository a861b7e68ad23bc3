"""What a job run says: a plain summary, or one that needs the workspace's admins."""

from __future__ import annotations


class NeedsAttention(str):
    """A summary of a run that finished but could not do part of its work (a channel gone, a
    post refused): recorded as failed, so the workspace's admins see it in App Home."""

    __slots__ = ()
