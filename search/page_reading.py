"""Reading the page of results shown, re-checked, for the kinds of result whose
``visible(viewer)`` is the same for everyone (``ResultType.same_for_everyone``).

The re-check is the same query as ``prepare(visible(viewer)).filter(pk__in=page)``
(defence in depth: what was hidden a second ago is not shown). What a page cost was
mostly Python around it, about 16 ms of CPU for 20 activities: building the
visibility queryset and compiling its nested subqueries, a query for the places,
Django's and modelcluster's prefetches (a queryset per relation, compiled each time),
and Wagtail's page constructors. Here:

- **The SQL is compiled once per process** for each kind of result, with the page's
  keys as one array parameter (``IN (SELECT unnest(%s))``). It names no borough and
  no borough's data (each borough is its own schema, chosen by the connection's
  search path), which tests/search/test_search_page_cost.py checks for every kind
  marked ``same_for_everyone``.
- **The joined foreign keys** (``select_related``, an activity's place) are read in
  one query by key, each object built once, and **modelcluster's children** (an
  activity's times and closures) in one query each, in memory as
  ``prefetch_related`` gives them.
- **Objects are made from their rows** as search/bulk_reading.py ``read_chunk`` makes
  them (same fields through the same descriptors), or by ``from_db``.

Anything this does not know how to read (annotations, nested joins, other
prefetches, a viewer-dependent ``visible``) returns None: the caller reads it the
usual way.
"""

from dataclasses import dataclass

from django.db import connections
from django.db.models import F, Lookup, Model
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL

from wagtail.fields import StreamField

from .bulk_reading import fill_cluster_relations, for_bulk_reading, made_from_rows

_KEYS = object()  # where a page's keys go in a compiled query's parameters


@dataclass(frozen=True)
class _Query:
    """One compiled query reading ``model``'s fields for a list of keys."""

    model: type[Model]
    names: tuple[str, ...]
    sql: str
    params: tuple
    slot: int  # the index of the keys in ``params``
    converters: tuple  # (position, (converters...), expression), as Django applies them
    from_rows: bool  # objects may be made straight from their rows

    def objects(self, keys, db: str) -> list[Model]:
        connection = connections[db]
        params = list(self.params)
        params[self.slot] = list(keys)
        # Prepared after a few pages: planning this query cost PostgreSQL more than
        # running it. Where the backend has no prepared cursor, an ordinary one.
        cursor_for = getattr(connection, "prepared_cursor", connection.cursor)
        with cursor_for() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        items = []
        for row in rows:
            if self.converters:
                row = list(row)
                for position, converters, expression in self.converters:
                    value = row[position]
                    for converter in converters:
                        value = converter(value, expression, connection)
                    row[position] = value
            items.append(self._made(row, db))
        return items

    def _made(self, row, db: str) -> Model:
        if not self.from_rows:
            return self.model.from_db(db, self.names, row)
        obj = self.model.__new__(self.model)
        obj._state = ModelState()
        for name, value in zip(self.names, row, strict=True):
            setattr(obj, name, value)
        obj._state.adding = False
        obj._state.db = db
        return obj


class _AnyOf(Lookup):
    """``column = ANY(array)``: one parameter whatever the number of keys (the
    planner uses the key's index, as for ``IN (...)``; ``IN (SELECT unnest(...))``
    made it read every row)."""

    lookup_name = "any_of"  # used as an expression, never registered

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", [*lhs_params, *rhs_params]


def _quick(converter):
    """``converter``, or the same conversion made faster: Wagtail's
    ``StreamField.from_db_value`` builds a new JSONField for every value it reads (about
    6 µs of its 8.5); here the JSONField is made once per query."""
    field = getattr(converter, "__self__", None)
    if not isinstance(field, StreamField) or converter.__func__ is not StreamField.from_db_value:
        return converter
    json_field = field.json_field

    def stream_value(value, expression, connection):
        return field.to_python(json_field.from_db_value(value, expression, connection))

    return stream_value


def _compiled(queryset, key: str) -> _Query | None:
    """``queryset`` filtered on ``key`` being one of a list, compiled once."""
    model = queryset.model
    names = tuple(field.attname for field in model._meta.concrete_fields)
    keyed = queryset.filter(_AnyOf(F(key), RawSQL("%s::bigint[]", (_KEYS,))))
    rows = keyed.values_list(*names)
    compiler = rows.query.get_compiler(using=rows.db)
    sql, params = compiler.as_sql()
    slots = [n for n, param in enumerate(params) if param is _KEYS]
    if len(slots) != 1:
        return None
    fields = [select[0] for select in compiler.select[: compiler.col_count]]
    converters = tuple(
        (position, tuple(map(_quick, found)), expression)
        for position, (found, expression) in compiler.get_converters(fields).items()
    )
    return _Query(model, names, sql, tuple(params), slots[0], converters, made_from_rows(keyed))


@dataclass(frozen=True)
class _Joined:
    field: object  # the forward foreign key
    query: _Query


@dataclass(frozen=True)
class _Children:
    name: str  # the relation's accessor ("schedules")
    parent_key: object  # the child's ParentalKey
    query: _Query


@dataclass(frozen=True)
class _Plan:
    query: _Query
    joined: tuple[_Joined, ...]
    children: tuple[_Children, ...]
    other_cluster: tuple[str, ...]  # modelcluster relations read by fill_cluster_relations


def _plan(result_type) -> _Plan | None:
    prepared = result_type.prepare(result_type.visible(None))
    model = prepared.model
    joined_tree = prepared.query.select_related
    if joined_tree is True or any(below for below in (joined_tree or {}).values()):
        return None  # every relation, or nested joins: not here
    joined_names = list(joined_tree or {})
    base, cluster = for_bulk_reading(prepared.select_related(None))
    if set(base._prefetch_related_lookups) or base.query.annotation_select:
        return None
    query = _compiled(base.prefetch_related(None), "pk")
    if query is None:
        return None
    joined = []
    for name in joined_names:
        field = model._meta.get_field(name)
        related = field.remote_field.model
        found = _compiled(related._base_manager.all(), field.target_field.attname)
        if found is None or not (field.many_to_one or field.one_to_one):
            return None
        joined.append(_Joined(field, found))
    children, others = [], []
    for name in cluster:
        field = model._meta.get_field(name)
        if field.many_to_many:
            others.append(name)
            continue
        parent_key = field.remote_field
        child = field.related_model
        found = _compiled(child._default_manager.all(), parent_key.name)
        if found is None:
            return None
        children.append(_Children(name, parent_key, found))
    return _Plan(query, tuple(joined), tuple(children), tuple(others))


# Per registered type (by identity: a type registered again is planned again) and database.
_plans: dict[tuple[object, str], _Plan | None] = {}


def read_page(result_type, keys: list) -> list[Model] | None:
    """The objects of ``keys`` that ``visible`` allows, read as ``prepare`` reads
    them; None when this type must be read the usual way."""
    if not result_type.same_for_everyone or not keys:
        return None
    db = result_type.model._default_manager.db
    plan_key = (result_type, db)
    if plan_key not in _plans:
        _plans[plan_key] = _plan(result_type)
    plan = _plans[plan_key]
    if plan is None:
        return None
    objects = plan.query.objects(keys, db)
    for joined in plan.joined:
        _join(objects, joined, db)
    for children in plan.children:
        _give_children(objects, children, db)
    fill_cluster_relations(objects, list(plan.other_cluster))
    return objects


def _join(objects: list[Model], joined: _Joined, db: str) -> None:
    field = joined.field
    wanted = {getattr(obj, field.attname) for obj in objects} - {None}
    found = {}
    if wanted:
        target = field.target_field.attname
        found = {getattr(rel, target): rel for rel in joined.query.objects(sorted(wanted), db)}
    for obj in objects:
        field.set_cached_value(obj, found.get(getattr(obj, field.attname)))


def _give_children(objects: list[Model], children: _Children, db: str) -> None:
    parent_key = children.parent_key
    by_parent = {getattr(obj, parent_key.target_field.attname): obj for obj in objects}
    groups: dict = {}
    for child in children.query.objects(list(by_parent), db) if by_parent else []:
        parent = by_parent[getattr(child, parent_key.attname)]
        parent_key.set_cached_value(child, parent)
        groups.setdefault(parent.pk, []).append(child)
    for obj in objects:
        related = obj.__dict__.setdefault("_cluster_related_objects", {})
        related[children.name] = groups.get(obj.pk, [])
