"""modelsearch's documents, built faster: each search field's lookups resolved once.

modelsearch's ``BaseField.get_value`` looks the model field up, asks Django whether
django-taggit is installed and probes the field's methods for every value of every
document; ``get_field_column_name`` walks the model's ancestry each time. A rebuild
asks both about 26 times per document, ten thousand documents at a time. Here each
(model, search field) pair is resolved the first time and its answer kept, so the
documents are the same (tests/search/test_documents.py compares them with
modelsearch's own) at a fraction of the cost.
"""

import copy

from django.core.exceptions import FieldDoesNotExist
from django.db.models.fields.related import RelatedField

from modelsearch.index import BaseField

try:  # Wagtail depends on django-taggit; modelsearch treats its fields specially
    from taggit.managers import TaggableManager
except ImportError:  # pragma: no cover - taggit is always installed with Wagtail
    TaggableManager = ()


def value_reader(search_field: BaseField, model):
    """A function of an object giving what ``search_field.get_value(obj)`` gives for
    objects of ``model``, with every lookup that depends only on the model done now."""
    try:
        field = search_field.get_field(model)
    except FieldDoesNotExist:
        return search_field.get_value  # an attribute or method: nothing to resolve
    read = field.value_from_object
    if isinstance(field, TaggableManager):
        return read
    if hasattr(field, "get_searchable_content"):
        return lambda obj: field.get_searchable_content(read(obj))
    if isinstance(field, RelatedField):
        remote = field
        while isinstance(remote, RelatedField):
            remote = remote.target_field
        if hasattr(remote, "get_searchable_content"):
            return lambda obj: remote.get_searchable_content(read(obj))
    return read


class ResolvedFieldsMapping:
    """Mixed in before modelsearch's mapping class of a backend."""

    _resolved: dict = {}  # (model, search field) -> the field with its reader
    _column_names: dict = {}  # (model, search field) -> its name in the document

    def _resolved_field(self, search_field):
        key = (self.model, search_field)
        resolved = self._resolved.get(key)
        if resolved is None:
            if isinstance(search_field, BaseField):
                resolved = copy.copy(search_field)
                resolved.get_value = value_reader(search_field, self.model)
            else:  # RelatedFields: its nested fields get their own mapping
                resolved = search_field
            self._resolved[key] = resolved
        return resolved

    def get_field_column_name(self, field):
        key = (self.model, field)
        name = self._column_names.get(key)
        if name is None:
            name = self._column_names[key] = super().get_field_column_name(field)
        return name

    def _get_document_field_data(self, field, obj):
        return super()._get_document_field_data(self._resolved_field(field), obj)
