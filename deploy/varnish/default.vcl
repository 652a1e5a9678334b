# Varnish in front of showtracker's gunicorn servers (Debian: apt-get install varnish
# varnish-modules). Anonymous pages are cached and purged by tag: the app names each
# page's tags in the `xkey` response header and, after every change, sends
# `PURGE /` with `xkey-purge: show-12 season-40 ...` (CACHE_PURGE_URLS, pagecache/purge.py).
# Anything with a session (editors) and the admin pass straight through, never cached.
#
# `make serve-varnish` runs this in front of `make serve`; the backend port below is
# rewritten there (and by the tests) to the app's port.
vcl 4.1;

import xkey;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: the app servers. Add their addresses.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (!req.http.xkey-purge) {
            return (synth(400, "xkey-purge header missing"));
        }
        set req.http.n-gone = xkey.purge(req.http.xkey-purge);
        return (synth(200, "Invalidated " + req.http.n-gone + " objects"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Editors: their pages are private, and the admin is never cached.
    if (req.url ~ "^/admin/" || req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    if (req.url ~ "^/healthz") {
        return (pass);
    }
    # A visitor's other cookies (csrftoken) change nothing on a public page.
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_backend_response {
    # Text goes out compressed. The app already gzips what it renders (Varnish asks the
    # backend for gzip) and WhiteNoise sends its pre-compressed static files; this covers
    # the rest (a static file without a .gz twin, an app response under 200 bytes). Varnish
    # keeps one gzipped copy and unzips it for a client that does not accept gzip.
    # No secret is reflected in a cached page, so compression leaks none (BREACH:
    # DEPLOYMENT.md, "Compression").
    if (!beresp.http.Content-Encoding &&
        beresp.http.Content-Type ~ "^(text/(html|css|calendar|plain|javascript)|application/(atom\+xml|json|manifest\+json|javascript|xml)|image/svg\+xml)") {
        set beresp.do_gzip = true;
    }
    # A page that set a cookie or is private/no-store is for one visitor only.
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control ~ "private|no-store|no-cache") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Only pages the app tagged can be purged on a change; nothing else is kept.
    if (!beresp.http.xkey && bereq.url !~ "^/static/") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Keep the app's s-maxage (it stops at midnight); no grace past it: the app's
    # pages carry today's answer, and a stale one would be yesterday's.
    set beresp.grace = 0s;
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    # Tags and the app's own cache marker are for this cache, not for browsers.
    unset resp.http.xkey;
    unset resp.http.X-Page-Cache;
}
