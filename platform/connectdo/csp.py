"""Content-Security-Policy: strict on every public page, relaxed for the Wagtail admin.

django-csp's middleware writes ``CONTENT_SECURITY_POLICY`` on every response. The Wagtail
admin (and its page previews) still uses inline scripts and styles, so responses under
``ADMIN_CSP_PREFIXES`` get ``ADMIN_CONTENT_SECURITY_POLICY`` instead; no public page
ever does (docs/content-security-policy.md).
"""

from csp.middleware import CSPMiddleware, PolicyParts

from django.conf import settings


class ScopedCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and request.path_info.startswith(tuple(settings.ADMIN_CSP_PREFIXES)):
            parts.config = settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts
