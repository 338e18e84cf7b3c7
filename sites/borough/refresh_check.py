"""Which boroughs ``refresh_borough_defaults`` would change, in one query for all of them.

A deploy refreshes every live borough, yet almost always none needs anything: a full
refresh reads about 30 rows' worth of queries per borough. This asks, per schema, whether
each thing the refresh ensures is already so: the staff groups and their default model,
page and media permissions (and those on a section: managers add places); no page or
media permission of Moderators beyond their defaults; the starting sections and
standard pages, each standard page written; no Borough admin's own address in the
footer; the site on the platform's port; some interests, topics and search synonyms;
organisation managers' place grants as ``share_places`` would make them.
A ``UNION ALL`` over the schemas (20 to a query) answers it, as tenants/deploy.py does
for migrations. When in doubt (or on any error) a borough is refreshed.
"""

from types import SimpleNamespace

from psycopg import sql

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection, transaction

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Site,
)

from search.models import SearchSynonym
from sites.community.models import Topic
from sites.core.models import BrandingSettings
from sites.core.permissions import (
    COLLECTION_PERMISSIONS,
    EXACT_PAGE_AND_MEDIA_GROUPS,
    EXCLUDED_APPS,
    MODEL_PERMISSIONS,
    PAGE_PERMISSIONS,
    PLATFORM_MODELS,
    PRIVATE_MODELS,
    SECTION_PAGE_PERMISSIONS,
)
from sites.core.roles import BOROUGH_ADMINS, BOROUGH_GROUPS
from sites.core.setup import starting_pages
from sites.directory.models import ActivityPage, OrganisationPage, PlacePage
from sites.directory.models.taxonomy import Interest
from sites.directory.services.organisation_access import GROUP_PREFIX
from sites.standard.models import StandardPage
from sites.standard.starting import STANDARD_PAGES

L = sql.Literal


def _text_array(values) -> sql.Composable:
    return sql.SQL("ARRAY[{}]::text[]").format(sql.SQL(", ").join(map(L, values)))


def _values(rows) -> sql.Composable:
    return sql.SQL(", ").join(
        sql.SQL("({})").format(sql.SQL(", ").join(map(L, row))) for row in rows
    )


def _expected() -> sql.Composable:
    """What every borough should hold, as named rows shared by all schemas' checks."""
    model = [
        (name, app, codename)
        for name in BOROUGH_GROUPS
        if name != BOROUGH_ADMINS
        for app, codename in [("wagtailadmin", "access_admin"), *MODEL_PERMISSIONS[name]]
    ]
    pages = [(name, c) for name in BOROUGH_GROUPS for c in PAGE_PERMISSIONS[name]]
    media = [(name, c) for name in BOROUGH_GROUPS for c in COLLECTION_PERMISSIONS[name]]
    sections = [
        (name, *model_path.split("."), c)
        for name, by_section in SECTION_PAGE_PERMISSIONS.items()
        for model_path, codenames in by_section.items()
        for c in codenames
    ]
    return sql.SQL(
        "WITH model_perms(grp, app, code) AS (VALUES {}), "
        "page_perms(grp, code) AS (VALUES {}), media_perms(grp, code) AS (VALUES {}), "
        "section_perms(grp, app, model, code) AS (VALUES {}) "
    ).format(_values(model), _values(pages), _values(media), _values(sections))


def _tables(schema: str) -> dict[str, sql.Composable]:
    user = get_user_model()
    models = {
        "grp": Group,
        "grp_perm": Group.permissions.through,
        "perm": Permission,
        "ct": ContentType,
        "site": Site,
        "page": Page,
        "collection": Collection,
        "gpp": GroupPagePermission,
        "gcp": GroupCollectionPermission,
        "standard": StandardPage,
        "branding": BrandingSettings,
        "user": user,
        "user_grp": user.groups.through,
        "interest": Interest,
        "topic": Topic,
        "synonym": SearchSynonym,
        "organisation": OrganisationPage,
        "organisation_places": OrganisationPage.places.through,
        "activity": ActivityPage,
        "place": PlacePage,
    }
    return {key: sql.Identifier(schema, m._meta.db_table) for key, m in models.items()}


# One schema's answer: true when nothing the refresh ensures is missing. {home} is the
# default site's root page, {root} the root collection.
_CURRENT = """
(SELECT count(*) FROM {grp} WHERE name = ANY({groups})) = {group_count}
AND NOT EXISTS (SELECT 1 FROM model_perms e WHERE NOT EXISTS (
    SELECT 1 FROM {grp} g JOIN {grp_perm} gp ON gp.group_id = g.id
    JOIN {perm} p ON p.id = gp.permission_id JOIN {ct} ct ON ct.id = p.content_type_id
    WHERE g.name = e.grp AND p.codename = e.code AND ct.app_label = e.app))
AND NOT EXISTS (SELECT 1 FROM {perm} p JOIN {ct} ct ON ct.id = p.content_type_id
    WHERE ct.app_label <> ALL({excluded})
    AND ct.app_label || '.' || ct.model <> ALL({private})
    AND NOT EXISTS (SELECT 1 FROM {grp_perm} gp JOIN {grp} g ON g.id = gp.group_id
        WHERE g.name = {admins} AND gp.permission_id = p.id))
AND {home} IS NOT NULL
AND NOT EXISTS (SELECT 1 FROM page_perms e WHERE NOT EXISTS (
    SELECT 1 FROM {gpp} x JOIN {grp} g ON g.id = x.group_id
    JOIN {perm} p ON p.id = x.permission_id JOIN {ct} ct ON ct.id = p.content_type_id
    WHERE g.name = e.grp AND p.codename = e.code AND ct.app_label = 'wagtailcore'
    AND x.page_id = {home}))
AND NOT EXISTS (SELECT 1 FROM section_perms e
    JOIN {ct} sct ON sct.app_label = e.app AND sct.model = e.model
    JOIN {page} h ON h.id = {home}
    JOIN {page} s ON s.content_type_id = sct.id AND s.depth = h.depth + 1
        AND s.path LIKE h.path || '%%'
    WHERE NOT EXISTS (
    SELECT 1 FROM {gpp} x JOIN {grp} g ON g.id = x.group_id
    JOIN {perm} p ON p.id = x.permission_id JOIN {ct} ct ON ct.id = p.content_type_id
    WHERE g.name = e.grp AND p.codename = e.code AND ct.app_label = 'wagtailcore'
    AND x.page_id = s.id))
AND NOT EXISTS (SELECT 1 FROM media_perms e WHERE NOT EXISTS (
    SELECT 1 FROM {gcp} x JOIN {grp} g ON g.id = x.group_id
    JOIN {perm} p ON p.id = x.permission_id
    WHERE g.name = e.grp AND p.codename = e.code AND x.collection_id = {root}))
AND NOT EXISTS (SELECT 1 FROM {gpp} x JOIN {grp} g ON g.id = x.group_id
    JOIN {perm} p ON p.id = x.permission_id JOIN {page} pg ON pg.id = x.page_id
    WHERE g.name = ANY({exact}) AND NOT (p.codename = ANY({exact_pages}) AND pg.depth = 2))
AND NOT EXISTS (SELECT 1 FROM {gcp} x JOIN {grp} g ON g.id = x.group_id
    JOIN {perm} p ON p.id = x.permission_id JOIN {collection} c ON c.id = x.collection_id
    WHERE g.name = ANY({exact}) AND NOT (p.codename = ANY({exact_media}) AND c.depth = 1))
AND NOT EXISTS (SELECT 1 FROM unnest({slugs}) AS e(slug) WHERE NOT EXISTS (
    SELECT 1 FROM {page} c JOIN {page} h ON h.id = {home}
    WHERE c.path LIKE h.path || '%%' AND c.depth = h.depth + 1 AND c.slug = e.slug))
AND NOT EXISTS (SELECT 1 FROM unnest({kinds}) AS e(kind) WHERE NOT COALESCE((
    SELECT NOT (COALESCE(s.{body}::text, '') IN ('', '[]', '"[]"', 'null')
        AND c.latest_revision_id IS NULL AND NOT c.has_unpublished_changes)
    FROM {standard} s JOIN {page} c ON c.id = s.page_ptr_id JOIN {page} h ON h.id = {home}
    WHERE s.kind = e.kind AND c.path LIKE h.path || '%%' AND c.depth > h.depth
    ORDER BY c.path LIMIT 1), false))
AND EXISTS (SELECT 1 FROM {branding} b JOIN {site} st ON st.id = b.site_id
    WHERE st.is_default_site AND NOT (b.contact_email <> '' AND EXISTS (
        SELECT 1 FROM {user} u WHERE UPPER(u.email) = UPPER(b.contact_email)
        AND (u.is_superuser OR EXISTS (SELECT 1 FROM {user_grp} ug
            JOIN {grp} g ON g.id = ug.group_id WHERE ug.user_id = u.id AND g.name = {admins})))))
AND EXISTS (SELECT 1 FROM {site} WHERE is_default_site AND port = {port})
AND EXISTS (SELECT 1 FROM {interest}) AND EXISTS (SELECT 1 FROM {topic})
AND EXISTS (SELECT 1 FROM {synonym})
AND NOT EXISTS (
    WITH orgs AS (SELECT pg.id, pg.path, pg.translation_key FROM {page} pg
        JOIN {organisation} o ON o.page_ptr_id = pg.id WHERE pg.live),
    uses AS (
        SELECT l.placepage_id AS place, orgs.translation_key AS org FROM {organisation_places} l
        JOIN orgs ON orgs.id = l.organisationpage_id
        UNION
        SELECT a.place_id, orgs.translation_key FROM {activity} a
        JOIN {page} ap ON ap.id = a.page_ptr_id JOIN orgs ON orgs.path = left(ap.path, -{steplen})
        WHERE ap.live AND a.place_id IS NOT NULL),
    grants AS (SELECT x.group_id, x.page_id FROM {gpp} x JOIN {grp} g ON g.id = x.group_id
        JOIN {perm} p ON p.id = x.permission_id JOIN {ct} ct ON ct.id = p.content_type_id
        WHERE starts_with(g.name, {organisation_prefix}) AND p.codename = 'change_page'
        AND ct.app_label = 'wagtailcore'),
    group_of AS (SELECT pg.translation_key AS org, max(grants.group_id) AS group_id
        FROM grants JOIN {page} pg ON pg.id = grants.page_id
        JOIN {organisation} o ON o.page_ptr_id = pg.id GROUP BY pg.translation_key),
    wanted AS (SELECT group_of.group_id, uses.place FROM uses
        JOIN group_of ON group_of.org = uses.org
        WHERE uses.place IN (SELECT place FROM uses GROUP BY place HAVING count(*) = 1)
        UNION
        SELECT d.group_id, d.page_id FROM grants d
        JOIN {place} dpl ON dpl.page_ptr_id = d.page_id JOIN {page} dp ON dp.id = d.page_id
        WHERE NOT dp.live AND NOT EXISTS (SELECT 1 FROM uses u WHERE u.place = d.page_id
            AND u.org IS DISTINCT FROM (
                SELECT go.org FROM group_of go WHERE go.group_id = d.group_id LIMIT 1))),
    held AS (SELECT grants.group_id, grants.page_id FROM grants
        JOIN {place} pl ON pl.page_ptr_id = grants.page_id)
    (SELECT * FROM wanted EXCEPT SELECT * FROM held)
    UNION ALL (SELECT * FROM held EXCEPT SELECT * FROM wanted))
"""


def _one(schema: str) -> sql.Composable:
    tables = _tables(schema)
    exact = EXACT_PAGE_AND_MEDIA_GROUPS
    current = sql.SQL(_CURRENT).format(
        **tables,
        home=sql.SQL(
            "(SELECT root_page_id FROM {site} WHERE is_default_site ORDER BY id LIMIT 1)"
        ).format(site=tables["site"]),
        root=sql.SQL("(SELECT id FROM {} WHERE depth = 1 ORDER BY path LIMIT 1)").format(
            tables["collection"]
        ),
        groups=_text_array(BOROUGH_GROUPS),
        group_count=L(len(BOROUGH_GROUPS)),
        port=L(settings.PLATFORM_PORT),
        admins=L(BOROUGH_ADMINS),
        excluded=_text_array(EXCLUDED_APPS),
        private=_text_array(f"{app}.{model}" for app, model in PRIVATE_MODELS + PLATFORM_MODELS),
        exact=_text_array(exact),
        # One list for all exact groups; today that is Moderators alone.
        exact_pages=_text_array(c for name in exact for c in PAGE_PERMISSIONS[name]),
        exact_media=_text_array(c for name in exact for c in COLLECTION_PERMISSIONS[name]),
        slugs=_text_array(spec.slug for spec in starting_pages(SimpleNamespace(name=""))),
        kinds=_text_array(str(spec.kind) for spec in STANDARD_PAGES),
        body=sql.Identifier(StandardPage._meta.get_field("body").column),
        steplen=L(Page.steplen),
        organisation_prefix=L(GROUP_PREFIX),
    )
    return sql.SQL("SELECT {}, ({})").format(L(schema), current)


CHUNK = 20  # schemas per query: planning grows faster than the schemas (measured)


def schemas_to_refresh(schemas: list[str]) -> list[str]:
    """The schemas, in order, whose defaults the refresh would change (all, on error)."""
    assert len(EXACT_PAGE_AND_MEDIA_GROUPS) <= 1, "one list of exact defaults per group"
    current = set()
    for start in range(0, len(schemas), CHUNK):
        chunk = schemas[start : start + CHUNK]
        query = _expected() + sql.SQL(" UNION ALL ").join(map(_one, chunk))
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # A statement this long looks costly to the planner, whose JIT compiling
                # then takes longer than the query itself (14 s against 2 s per 100).
                cursor.execute("SET LOCAL jit = off")
                cursor.execute(query)
                current |= {schema for schema, is_current in cursor.fetchall() if is_current}
        except DatabaseError:
            continue  # this chunk is refreshed in full
    return [schema for schema in schemas if schema not in current]
