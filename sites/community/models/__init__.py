"""Members, their groups, events and discussions, and the moderation that keeps them safe.

Community content is made by members on the public site, not in the Wagtail admin, so
these are plain Django models; Moderators and Editors work on them in the admin.
"""

from .discussions import Post, Thread, Topic
from .events import Event, EventAttendance
from .groups import CommunityGroup, GroupJoinRequest, GroupMembership
from .members import Block, HeldName, MemberProfile
from .messages import Conversation, Message
from .moderation import CommunitySettings, ModerationAction, Report
from .pages import DiscussionIndexPage, EventIndexPage, GroupIndexPage
from .safeguarding import SafeguardingCase

__all__ = [
    "Block",
    "CommunityGroup",
    "CommunitySettings",
    "Conversation",
    "DiscussionIndexPage",
    "Event",
    "EventAttendance",
    "EventIndexPage",
    "GroupIndexPage",
    "GroupJoinRequest",
    "GroupMembership",
    "HeldName",
    "MemberProfile",
    "Message",
    "ModerationAction",
    "Post",
    "Report",
    "SafeguardingCase",
    "Thread",
    "Topic",
]
