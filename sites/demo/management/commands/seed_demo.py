"""Creates the six demo boroughs with their content. Running it again changes nothing.

Prints a few lines: per borough its admin's invitation link (when launched) and what it
holds with its address, then how to sign in,
with a progress bar on a terminal (a line every few seconds otherwise). Wagtail's line
per page created and the task runner's per task are turned down while it runs.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sites.demo.boroughs import DEMO_BOROUGHS, DemoNotAllowed, refuse_unless_demo_allowed
from sites.demo.community import demo_password, editor_email, member_email, moderator_email
from sites.demo.data.community import DEMO_MEMBER_NAME
from sites.demo.directory_records import DIRECTORY_SIZES
from sites.demo.seed import organisation_manager_email, seed_borough
from tenants.emails import borough_base_url
from tenants.models import Borough
from tenants.progress import Progress, quiet_logs
from tenants.services import LaunchRequest, launch_borough

DEMO_STAFF_EMAIL = "staff@connectdo.localhost"


class Command(BaseCommand):
    help = "Create the six demo boroughs (Lambeth, Southwark, Ealing, Bromley, Brent, Hounslow)."

    def add_arguments(self, parser):
        parser.add_argument("--host-suffix", default="localhost")
        parser.add_argument(
            "--directory-size",
            choices=list(DIRECTORY_SIZES),
            default="full",
            help="How many organisations and activities each borough gets: full (100 and "
            "200) or small (8 and 16, for tests).",
        )
        parser.add_argument(
            "--borough",
            action="append",
            choices=[demo.slug for demo in DEMO_BOROUGHS],
            help="Only this demo borough (may be given more than once). Default: all six.",
        )

    def handle(self, *args, **options):
        try:
            refuse_unless_demo_allowed()
        except DemoNotAllowed as refused:
            raise CommandError(str(refused)) from refused
        demos = [d for d in DEMO_BOROUGHS if d.slug in (options["borough"] or [d.slug])]
        self._ensure_platform_staff()
        with (
            quiet_logs("wagtail", "django_tasks"),
            Progress("Demo boroughs", total=len(demos), stream=self.stdout) as bar,
        ):
            for demo in demos:
                self.stdout.write(self._seed(demo, options, bar))
                bar.advance(note=demo.name)
        self.stdout.write(
            "Sign in on any borough as the member "
            f"{member_email(DEMO_MEMBER_NAME, '<borough>')}, the moderator "
            f"{moderator_email('<borough>')}, the editor {editor_email('<borough>')} or the "
            f"organisation manager {organisation_manager_email('<borough>')} "
            f"(password: {demo_password()})."
        )

    def _seed(self, demo, options, bar) -> str:
        """One borough, launched if new and seeded; its line of the output."""
        borough = Borough.objects.filter(slug=demo.slug).first()
        launched = ""
        if borough is None:
            bar.advance(0, note=f"{demo.name}: launching")
            result = launch_borough(
                LaunchRequest(
                    slug=demo.slug,
                    name=demo.name,
                    domain=f"{demo.slug}.{options['host_suffix']}",
                    admin_email=f"admin@{demo.slug}.example.org",
                    team_email=f"connect@{demo.slug}.example.org",
                    team_phone=demo.phone,
                    safeguarding_email=f"safeguarding@{demo.slug}.example.org",
                    safeguarding_name="Demo safeguarding lead",
                    theme=demo.theme,
                )
            )
            borough = result.borough
            launched = f" launched in {result.seconds:.1f} s;"
            self.stdout.write(f"{demo.name} admin invitation: {result.invitation_url}")
        if borough.status != Borough.Status.LIVE:
            return f"{demo.name}: skipped, it is {borough.status}."
        results = seed_borough(
            demo,
            borough,
            options["directory_size"],
            on_step=lambda name, _: bar.advance(0, note=f"{demo.name}: {name} done"),
        )
        what = "; ".join(str(results[name]) for name in ("directory", "community"))
        return f"{demo.name} {borough_base_url(borough)}/{launched} {what}"

    def _ensure_platform_staff(self):
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_STAFF_EMAIL).exists():
            return
        # A local demo account only; production staff are created with createsuperuser.
        password = demo_password()
        user_model.objects.create_user(
            DEMO_STAFF_EMAIL, DEMO_STAFF_EMAIL, password, is_staff=True, is_superuser=True
        )
        self.stdout.write(f"Platform console: {DEMO_STAFF_EMAIL} / {password}")
