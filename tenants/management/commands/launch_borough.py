from django.core.management.base import BaseCommand, CommandError

from tenants.services import LaunchError, LaunchRequest, launch_borough


class Command(BaseCommand):
    help = (
        "Launch a new borough site in one step (schema, site, groups, first admin, media, search)."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="Short name, e.g. lambeth; it names the schema.")
        parser.add_argument("--name", required=True, help="The borough's name, e.g. Lambeth.")
        parser.add_argument("--domain", required=True, help="Host name, e.g. lambeth.localhost.")
        parser.add_argument("--admin-email", required=True, help="The first borough admin.")
        parser.add_argument(
            "--team-email",
            "--contact-email",
            dest="team_email",
            default="",
            help="The Community Connecting team's shared email, shown on every page "
            "(never a person's own). Without it, pages show no email until one is set.",
        )
        parser.add_argument(
            "--team-phone", default="", help="The team's phone number, shown on every page."
        )
        parser.add_argument(
            "--safeguarding-email",
            default="",
            help="The safeguarding lead (without it, cases are emailed to the borough admins).",
        )
        parser.add_argument("--safeguarding-name", default="", help="The safeguarding lead's name.")
        parser.add_argument(
            "--safeguarding-phone", default="", help="The safeguarding lead's phone."
        )
        parser.add_argument("--theme", default="default")
        parser.add_argument("--language", default="en-gb", help="Main language code.")
        parser.add_argument(
            "--extra-language", action="append", default=[], help="Another language (repeatable)."
        )
        parser.add_argument("--draft", action="store_true", help="Launch without going live.")

    def handle(self, *args, **options):
        request = LaunchRequest(
            slug=options["slug"],
            name=options["name"],
            domain=options["domain"],
            admin_email=options["admin_email"],
            team_email=options["team_email"],
            team_phone=options["team_phone"],
            safeguarding_email=options["safeguarding_email"],
            safeguarding_name=options["safeguarding_name"],
            safeguarding_phone=options["safeguarding_phone"],
            theme=options["theme"],
            default_language=options["language"],
            extra_languages=tuple(options["extra_language"]),
            go_live=not options["draft"],
        )
        try:
            result = launch_borough(request)
        except LaunchError as error:
            raise CommandError(error.message) from error
        borough = result.borough
        self.stdout.write(
            self.style.SUCCESS(
                f"Launched {borough.name} ({borough.status}) at {borough.primary_host} "
                f"in {result.seconds:.2f} s."
            )
        )
        self.stdout.write(f"Invitation for {result.admin_email}: {result.invitation_url}")
        if not request.safeguarding_email:
            self.stdout.write(
                self.style.WARNING(
                    "No safeguarding lead: cases are emailed to the borough admins until one "
                    "is set (Settings, Community)."
                )
            )
        if not result.invitation_sent:
            self.stdout.write(self.style.WARNING("The invitation email could not be sent."))
