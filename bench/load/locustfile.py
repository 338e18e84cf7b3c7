"""A realistic mix across the six demo boroughs, at a fixed rate (bench/load_and_faults.py
runs it; `locust -f bench/load/locustfile.py --host http://127.0.0.1:8100` also works).

Visitors (most of the traffic) read: home, things to do with filters, activity pages,
search, the Open Referral API, events, discussions. Members sign in, read signed in, reply
in discussions and say "I'm going"; some visitors ask for support (a referral). Every
write the site acknowledged (its redirect after the form) is appended to LOAD_ACK_FILE,
so the runner can check afterwards that each one is in the database and the index.

LOAD_BOROUGHS (comma-separated slugs) replaces the six demo boroughs: the short run in
the test suite (tests/operations/test_short_load.py) loads a borough of its own, seeded
like the demo ones. LOAD_REFERRAL_SHARE is the share of "ask for support" visits that
send the form (0.1; the short run sends every one, to make a few in half a minute).
"""

import json
import os
import random
import re
import threading
import uuid
from urllib.parse import urlsplit

import gevent
import requests
from locust import HttpUser, constant_throughput, task

DEMO_BOROUGHS = "lambeth,southwark,ealing,bromley,brent,hounslow"
BOROUGHS = os.environ.get("LOAD_BOROUGHS", DEMO_BOROUGHS).split(",")
MEMBERS = ["sam", "moderator", "editor", "orgmanager"]
PASSWORD = "connect-and-do-demo"  # noqa: S105 - the demo accounts' published password
SUFFIX = os.environ.get("LOAD_HOST_SUFFIX", "localhost")
ACK_FILE = os.environ.get("LOAD_ACK_FILE", ".run/prod/load-acks.jsonl")
RATE_PER_USER = float(os.environ.get("LOAD_RATE_PER_USER", "1"))
REFERRAL_SHARE = float(os.environ.get("LOAD_REFERRAL_SHARE", "0.1"))
INTERESTS = ["walking", "music-and-singing", "cooking-and-food", "games", "arts-and-crafts"]
WORDS = ["walking", "choir", "coffee", "yoga", "gardening", "food bank", "computer help"]
ACCEPTED_RSVP = r"You are going to|you are on the waiting list"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
STARTED = re.compile(r'name="form_started" value="([^"]+)"')
# Seeded: two runs make the same choices (not for anything secret).
RNG = random.Random(int(os.environ.get("LOAD_SEED", "15")))  # noqa: S311
_ack_lock = threading.Lock()
_links: dict[str, dict[str, list[str]]] = {}


def acknowledge(**write) -> None:
    with _ack_lock, open(ACK_FILE, "a") as out:
        out.write(json.dumps(write) + "\n")


def links(user, borough: str) -> dict[str, list[str]]:
    """Activity, event and discussion addresses an anonymous visitor sees in a borough,
    read once per process (without the user's cookies: a member sees members-only ones)."""
    if borough not in _links:
        found = {"activity": [], "event": [], "thread": []}
        for kind, path, pattern in (
            ("activity", "/things-to-do/", r'href="(/organisations/[^"/]+/[^"/]+/)"'),
            ("event", "/events/", r'href="(/events/(?!calendar)[^"/]+/)"'),
            ("thread", "/discussions/", r'href="(/discussions/\d+/)"'),
        ):
            page = requests.get(
                user.host + path, headers={"Host": f"{borough}.{SUFFIX}"}, timeout=60
            )
            found[kind] = sorted(set(re.findall(pattern, page.text)))
        _links[borough] = found
    return _links[borough]


class Visit(HttpUser):
    abstract = True

    def visit(self, borough, path, kind, **kwargs):
        with self.client.get(
            path,
            headers={"Host": f"{borough}.{SUFFIX}"},
            name=kind,
            catch_response=True,
            allow_redirects=False,
            **kwargs,
        ) as response:
            if response.status_code in (200, 302):
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")
            return response

    def send(self, borough, path, kind, data):
        host = f"{borough}.{SUFFIX}"
        with self.client.post(
            path,
            data=data,
            headers={"Host": host, "Referer": f"http://{host}{path}"},
            name=kind,
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code in (200, 302, 429):
                response.success()  # 200/429: refused with a message (a limit), not an error
            else:
                response.failure(f"HTTP {response.status_code}")
            return response


class Visitor(Visit):
    weight = 8
    wait_time = constant_throughput(RATE_PER_USER)

    def on_start(self):
        self.borough = RNG.choice(BOROUGHS)

    @task(4)
    def home(self):
        self.visit(self.borough, "/", "home")

    @task(4)
    def listing(self):
        query = {"interest": RNG.sample(INTERESTS, k=RNG.randint(0, 2))}
        if RNG.random() < 0.5:
            query["free"] = "on"
        self.visit(self.borough, "/things-to-do/", "listing", params=query)

    @task(4)
    def activity(self):
        pages = links(self, self.borough)["activity"]
        if pages:
            self.visit(self.borough, RNG.choice(pages), "activity")

    @task(2)
    def search(self):
        self.visit(self.borough, "/search/", "search", params={"q": RNG.choice(WORDS)})

    @task(1)
    def api(self):
        self.visit(self.borough, "/api/openreferral/services", "api", params={"per_page": 10})

    @task(2)
    def events(self):
        self.visit(self.borough, "/events/", "events")
        pages = links(self, self.borough)["event"]
        if pages:
            self.visit(self.borough, RNG.choice(pages), "event")

    @task(1)
    def discussion(self):
        pages = links(self, self.borough)["thread"]
        if pages:
            self.visit(self.borough, RNG.choice(pages), "discussion")

    @task(1)
    def ask_for_support(self):
        if RNG.random() > REFERRAL_SHARE:  # rare, as in life; limited per address anyway
            return
        form = self.visit(self.borough, "/get-support/", "referral-form")
        token, started = TOKEN.search(form.text), STARTED.search(form.text)
        if not (token and started):
            return
        gevent.sleep(5.5)  # the referral form's "filled in by a person" check: 5 seconds
        name = f"Load{uuid.uuid4().hex[:10]}"
        sent = self.send(
            self.borough,
            "/get-support/",
            "referral",
            {
                "csrfmiddlewaretoken": token.group(1),
                "form_started": started.group(1),
                "website": "",
                "first_name": name,
                "contact_method": "email",
                "contact_detail": f"{name.lower()}@example.org",
                "contact_times": "",
                "postcode_district": "SE11",
                "help_wanted": "Meeting people nearby",
                "support_needed": "",
                "consent": "on",
            },
        )
        if sent.status_code == 302:
            acknowledge(kind="referral", borough=self.borough, first_name=name)


class Member(Visit):
    weight = 2
    wait_time = constant_throughput(RATE_PER_USER)

    def on_start(self):
        self.borough = RNG.choice(BOROUGHS)
        self.email = f"{RNG.choice(MEMBERS)}@{self.borough}.demo.connectdo.example.org"
        form = self.visit(self.borough, "/account/sign-in/", "sign-in-form")
        token = TOKEN.search(form.text)
        signed = self.send(
            self.borough,
            "/account/sign-in/",
            "sign-in",
            {"username": self.email, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)},
        )
        self.signed_in = signed.status_code == 302

    @task(3)
    def read_signed_in(self):
        self.visit(self.borough, RNG.choice(["/", "/things-to-do/", "/account/"]), "member-page")

    @task(1)
    def reply(self):
        threads = links(self, self.borough)["thread"]
        if not (self.signed_in and threads):
            return
        path = RNG.choice(threads)
        page = self.visit(self.borough, path, "discussion")
        token, started = TOKEN.search(page.text), STARTED.search(page.text)
        if not (token and started):
            return
        gevent.sleep(3.5)  # a reply's "filled in by a person" check: 3 seconds
        marker = f"loadpost{uuid.uuid4().hex[:12]}"
        sent = self.send(
            self.borough,
            path,
            "post",
            {
                "csrfmiddlewaretoken": token.group(1),
                "form_started": started.group(1),
                "website": "",
                "body": f"Thanks, see you there. {marker}",
            },
        )
        if sent.status_code == 302:
            acknowledge(kind="post", borough=self.borough, marker=marker)

    @task(1)
    def going(self):
        events = links(self, self.borough)["event"]
        if not (self.signed_in and events):
            return
        path = RNG.choice(events)
        page = self.visit(self.borough, path, "event")
        token = TOKEN.search(page.text)
        dates = re.findall(r'name="date" value="([^"]+)"', page.text)
        if not (token and dates):
            return  # full, past, or already going to every date
        date = RNG.choice(dates)
        sent = self.send(
            self.borough,
            f"{path}going/",
            "going",
            {"csrfmiddlewaretoken": token.group(1), "date": date},
        )
        # The answer is on the page it redirects to: a refusal (a limit) redirects too.
        answer = self.visit(
            self.borough, urlsplit(sent.headers.get("Location", path)).path, "event"
        )
        if sent.status_code == 302 and re.search(ACCEPTED_RSVP, answer.text):
            slug = path.rstrip("/").rsplit("/", 1)[-1]
            acknowledge(kind="rsvp", borough=self.borough, event=slug, email=self.email, date=date)
