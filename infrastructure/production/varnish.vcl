vcl 4.1;
# The page cache in front of the app servers (docs/operations/deploy.md, "Page cache").
# What may be cached is decided by the app (tenants/page_cache.py): only anonymous GETs
# whose response says "Cache-Control: public" and sets no cookie. This file only adds
# what a proxy must do itself: never serve a cached page to a signed-in visitor, one
# cache entry per host (not per port) and URL (languages have their own URLs), the
# visitors' own port on every request to the app, purges.
# ${VARS} are filled from the environment by infrastructure/production.sh (envsubst).

import directors;
import std;

probe health {
    .request = "GET /health/ HTTP/1.1" "Host: health.invalid" "Connection: close";
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
}

backend app1 { .host = "127.0.0.1"; .port = "${APP1_PORT}"; .probe = health; .first_byte_timeout = 30s; }
backend app2 { .host = "127.0.0.1"; .port = "${APP2_PORT}"; .probe = health; .first_byte_timeout = 30s; }
backend app3 { .host = "127.0.0.1"; .port = "${APP3_PORT}"; .probe = health; .first_byte_timeout = 30s; }

# Who may purge and ban: the app servers and workers (on loopback here).
acl purgers { "127.0.0.1"; "::1"; }

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
    apps.add_backend(app2);
    apps.add_backend(app3);
}

sub vcl_recv {
    set req.backend_hint = apps.backend();
    # One id per request, through every app log line (connectdo/observability.py).
    if (!req.http.X-Request-ID) { set req.http.X-Request-ID = req.xid; }
    # One entry per host name: "lambeth.localhost" and "lambeth.localhost:8100" are one.
    set req.http.X-Cache-Host = std.tolower(regsub(req.http.host, ":[0-9]+$", ""));
    # The app builds absolute links (Open Referral, sitemap, "Printed from") from the
    # Host header, and Django checks only its name: it gets the port visitors use
    # (PUBLIC_PORT_SUFFIX, rendered in below: ":8100" on one machine, empty behind HTTPS
    # on 443), never one a request named, which one cached page would hand to everyone.
    set req.http.host = req.http.X-Cache-Host + "${PUBLIC_PORT_SUFFIX}";

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) { return (synth(405, "Not allowed")); }
        return (purge);
    }
    if (req.method == "BAN") {
        # Everything of one borough host: its branding, menus or home cards changed.
        if (client.ip !~ purgers) { return (synth(405, "Not allowed")); }
        ban("obj.http.X-Cache-Host == " + req.http.X-Cache-Host);
        return (synth(200, "Banned"));
    }
    # Operators' endpoints are never reachable through the public proxy.
    if (req.url ~ "^/-/") { return (synth(404, "Not found")); }
    if (req.method != "GET" && req.method != "HEAD") { return (pass); }
    if (req.url ~ "^/health/") { return (pass); }
    # A signed-in visitor (or one with a message waiting) always reaches an app server.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") { return (pass); }
    if (req.http.Authorization) { return (pass); }
    # Other cookies (csrftoken) do not change an anonymous page: look it up regardless,
    # and forward them on a miss, so a form page keeps the visitor's own token.
    return (hash);
}

sub vcl_hash {
    hash_data(req.http.X-Cache-Host);
    hash_data(req.url);
    return (lookup);
}

sub vcl_backend_response {
    set beresp.http.X-Cache-Host = bereq.http.X-Cache-Host;
    # Only what the app marked public and that sets no cookie is ever stored.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "public") {
        set beresp.uncacheable = true;
        set beresp.ttl = 30s;
        return (deliver);
    }
    # While an app server restarts, a page a little past its time beats an error.
    set beresp.grace = 30s;
    return (deliver);
}

sub vcl_backend_error {
    # An app server that died (or restarts) before the probe noticed: a read is tried
    # once more on the next one. A form post is not: it may have been received.
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 2) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.X-Cache-Host;
    unset resp.http.Via;
    unset resp.http.X-Varnish;
    if (obj.hits > 0) { set resp.http.X-Cache = "HIT"; } else { set resp.http.X-Cache = "MISS"; }
}
