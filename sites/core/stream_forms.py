"""A StreamField sent in part is a form error, not a server error.

Wagtail reads a StreamField's blocks from the form by counting them: ``body-count``,
then ``body-0-type``, ``body-0-order``, ``body-0-deleted``... A form sent without them
(by hand, by a broken browser extension, cut off on a bad connection) raises a KeyError
or ValueError deep inside Wagtail and the editor sees a server error (wagtail/wagtail
#11920). Every StreamField in a Wagtail admin form (pages, settings, snippets) uses
``WholeStreamField`` instead (registered in ``CoreConfig.ready``): the form comes back
with "This form was not sent in full. Please try again." on the field, and nothing is
saved.
"""

from django.utils.translation import gettext_lazy

from wagtail.blocks import BlockField, BlockWidget, StreamBlockValidationError

NOT_SENT_IN_FULL = gettext_lazy("This form was not sent in full. Please try again.")


class _SentInPart:
    """What the widget read when the form's blocks were missing or malformed."""

    def __repr__(self) -> str:
        return "<StreamField sent in part>"


SENT_IN_PART = _SentInPart()


class WholeStreamWidget(BlockWidget):
    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (KeyError, ValueError, TypeError, IndexError, AttributeError):
            # A missing or garbled count, type, order or deleted marker, at any depth.
            return SENT_IN_PART


class WholeStreamField(BlockField):
    def __init__(self, block=None, **kwargs):
        if block is not None and "widget" not in kwargs:
            kwargs["widget"] = WholeStreamWidget(block)
        super().__init__(block=block, **kwargs)

    def clean(self, value):
        if value is SENT_IN_PART:
            raise StreamBlockValidationError(non_block_errors=[NOT_SENT_IN_FULL])
        return super().clean(value)

    def bound_data(self, data, initial):
        # The form shown again keeps what was saved, since what was sent cannot be read.
        return initial if data is SENT_IN_PART else super().bound_data(data, initial)

    def has_changed(self, initial, data):
        return data is SENT_IN_PART or super().has_changed(initial, data)
