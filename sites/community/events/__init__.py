"""Community events: the events section's routes, views, forms, calendar files and feeds.

Business rules (who may post, holding for moderators, "I'm going" and the waiting list)
are in ``sites.community.services.events``; reading (what a visitor may see, the listing
by day, the filters) is in ``selectors``; when an event happens is in ``recurrence``.
"""
