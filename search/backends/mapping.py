"""modelsearch's documents, built faster: each search field's lookups resolved once.

modelsearch's ``BaseField.get_value`` looks the model field up, asks Django whether
django-taggit is installed and probes the field's methods for every value of every
document; ``get_field_column_name`` walks the model's ancestry each time. A rebuild
asks both about 26 times per document, ten thousand documents at a time. Here each
(model, search field) pair is resolved the first time and its answer kept, and
``get_document`` follows a plan made once per model (each field's name, kind and
reader: modelsearch's ``_get_document_field_data`` decides all three again for every
value). The documents are the same (tests/search/test_documents.py compares them with
modelsearch's own) at a fraction of the cost.
"""

import copy
import datetime
from datetime import time
from uuid import UUID

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.related import RelatedField
from django.utils.encoding import force_str

from modelsearch.index import AutocompleteField, BaseField, FilterField, RelatedFields, SearchField
from wagtail.fields import RichTextField

from .plain_text import text_for_indexing

try:  # Wagtail depends on django-taggit; modelsearch treats its fields specially
    from taggit.managers import TaggableManager
except ImportError:  # pragma: no cover - taggit is always installed with Wagtail
    TaggableManager = ()


def value_reader(search_field: BaseField, model):
    """A function of an object giving what ``search_field.get_value(obj)`` gives for
    objects of ``model``, with every lookup that depends only on the model done now. A
    field given its own reader (``search.document.read_from``) keeps it."""
    if "get_value" in vars(search_field):
        return search_field.get_value
    try:
        field = search_field.get_field(model)
    except FieldDoesNotExist:
        return search_field.get_value  # an attribute or method: nothing to resolve
    read = field.value_from_object
    if isinstance(field, TaggableManager):
        return read
    searchable = getattr(type(field), "get_searchable_content", None)
    if searchable is RichTextField.get_searchable_content:  # search/backends/plain_text.py
        return lambda obj: [text_for_indexing(force_str(read(obj)))]
    if hasattr(field, "get_searchable_content"):
        return lambda obj: field.get_searchable_content(read(obj))
    if isinstance(field, RelatedField):
        remote = field
        while isinstance(remote, RelatedField):
            remote = remote.target_field
        if hasattr(remote, "get_searchable_content"):
            return lambda obj: remote.get_searchable_content(read(obj))
    return read


# Related fields (an activity's interest names, an event's place title) are indexed as
# plain objects, not modelsearch's nested documents: each nested value is a Lucene
# document of its own (20,000 more for 10,000 activities, about a fifth of the engine's
# indexing CPU), and a nested query is a join on every search. Matching any of them
# needs no join (search/engine.py). The name is not modelsearch's, because a field
# cannot change type in an index that already maps it (DOCUMENT_VERSION 4).
RELATED_OBJECT_SUFFIX = "_object"

# Values sent as they are, whatever the field (exactly these types, not subclasses).
_PLAIN = frozenset({str, int, bool, float, type(None), datetime.datetime, datetime.date, UUID})

# What a search field adds to a document (modelsearch's _get_document_field_data order).
RELATED, FILTER, AUTOCOMPLETE, SEARCH = range(4)


def _kind(search_field) -> int:
    for kind, cls in (
        (RELATED, RelatedFields),
        (FILTER, FilterField),
        (AUTOCOMPLETE, AutocompleteField),
        (SEARCH, SearchField),
    ):
        if isinstance(search_field, cls):
            return kind
    raise ValueError(f"Unexpected search_fields entry: {search_field}")


def _filter_value(value):
    """A FilterField's value as modelsearch sends it: objects as their keys."""
    if isinstance(value, (models.Manager, models.QuerySet)):
        return list(value.values_list("pk", flat=True))
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [item.pk if isinstance(item, models.Model) else item for item in value]
    return value


class ResolvedFieldsMapping:
    """Mixed in before modelsearch's mapping class of a backend."""

    _resolved: dict = {}  # (model, search field) -> the field with its reader
    _column_names: dict = {}  # (model, search field) -> its name in the document
    _plans: dict = {}  # (class, model, fields or None) -> [(name, kind, read, sub_fields)]
    _content_types: dict = {}  # (mapping class, model) -> get_all_content_types()

    def _resolved_field(self, search_field):
        key = (self.model, search_field)
        resolved = self._resolved.get(key)
        if resolved is None:
            if isinstance(search_field, BaseField):
                resolved = copy.copy(search_field)
                resolved.get_value = value_reader(search_field, self.model)
            else:  # RelatedFields: its own fields get their own mapping
                resolved = search_field
            self._resolved[key] = resolved
        return resolved

    def get_field_column_name(self, field):
        key = (self.model, field)
        name = self._column_names.get(key)
        if name is None:
            name = super().get_field_column_name(field)
            if isinstance(field, RelatedFields):
                name += RELATED_OBJECT_SUFFIX
            self._column_names[key] = name
        return name

    def get_mapping(self):
        """modelsearch's mapping, with related fields as plain objects (see above)."""
        mapping = super().get_mapping()
        for field in self.model.get_search_fields():
            if isinstance(field, RelatedFields):
                mapping["properties"][self.get_field_column_name(field)]["type"] = "object"
        return mapping

    def _get_document_field_data(self, field, obj):
        return super()._get_document_field_data(self._resolved_field(field), obj)

    def _plan(self, fields=None) -> list[tuple]:
        """The plan for ``fields`` (None: the model's own search fields)."""
        key = (type(self), self.model, None if fields is None else tuple(fields))
        plan = self._plans.get(key)
        if plan is None:
            if fields is None:
                fields = self.model.get_search_fields()
            plan = self._plans[key] = [
                (
                    self.get_field_column_name(field),
                    _kind(field),
                    self._resolved_field(field).get_value,
                    field.fields if isinstance(field, RelatedFields) else None,
                )
                for field in fields
            ]
        return plan

    def _fill(self, doc: dict, fields, obj, edgengrams: list) -> dict:
        """``doc`` with ``fields`` of ``obj``, as modelsearch's ``_get_document_field_data``
        gives them; their autocomplete values added to ``edgengrams``."""
        for name, kind, read, sub_fields in self._plan(fields):
            value = read(obj)
            if type(value) not in _PLAIN:  # most values: nothing to convert
                if isinstance(value, time):  # modelsearch's _clean_value
                    value = value.isoformat()
                if kind == FILTER:
                    value = _filter_value(value)
            if kind == AUTOCOMPLETE:
                edgengrams.append(value)
            elif kind == RELATED:
                value = self._related(sub_fields, value, edgengrams)
            doc[name] = value
        return doc

    def _related(self, fields, value, edgengrams: list):
        if isinstance(value, (models.Manager, models.QuerySet)):
            return [self._related_object(fields, item, edgengrams) for item in value.all()]
        if isinstance(value, models.Model):
            return self._related_object(fields, value, edgengrams)
        if value is None:
            return None
        raise ValueError(f"Unexpected value for RelatedFields: {value}")

    def _related_object(self, fields, obj, edgengrams: list) -> dict:
        return type(self)(type(obj))._fill({}, fields, obj, edgengrams)

    def get_document(self, obj):
        key = (type(self), self.model)
        content_types = self._content_types.get(key)
        if content_types is None:
            content_types = self._content_types[key] = self.get_all_content_types()
        doc = {"pk": str(obj.pk), "_django_content_type": list(content_types)}
        edgengrams: list = []
        self._fill(doc, None, obj, edgengrams)
        doc["_edgengrams"] = edgengrams
        return doc
