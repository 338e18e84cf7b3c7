"""Factories for private messages: used by tests and the demo seeding."""

import factory

from sites.community.factories import UserFactory
from sites.community.models import Conversation, Message


class ConversationFactory(factory.django.DjangoModelFactory):
    """Two members in id order (as the model requires), the first of them starting it."""

    member_one = factory.SubFactory(UserFactory)
    member_two = factory.SubFactory(UserFactory)
    started_by = factory.LazyAttribute(lambda conversation: conversation.member_one)

    class Meta:
        model = Conversation

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        one, two = kwargs["member_one"], kwargs["member_two"]
        if one.pk > two.pk:
            kwargs["member_one"], kwargs["member_two"] = two, one
        return super()._create(model_class, *args, **kwargs)


class MessageFactory(factory.django.DjangoModelFactory):
    conversation = factory.SubFactory(ConversationFactory)
    sender = factory.LazyAttribute(lambda message: message.conversation.member_one)
    body = "Would you like to come along to the walk on Sunday?"
    status = Message.Status.DELIVERED

    class Meta:
        model = Message
