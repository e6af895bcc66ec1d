"""The ``.htaccess`` of the site: each IRI to its page, Turtle or JSON-LD by content negotiation.

Two uses, one set of rules. Served with the site (``site_url`` None), the rules rewrite a request
for ``/FILM/character/writer`` to ``writer.ttl`` for ``Accept: text/turtle``, to
``writer.jsonld`` for ``application/ld+json`` and to ``writer.html`` otherwise. Given the URL where
the site is published, the same rules answer with a 303 redirect there: the file w3id.org keeps
for the ``/filmgraph/`` namespace. The ontology's IRI goes to the ontology reference and
``ontology.ttl`` in the same way (a term's ``#fragment`` never reaches the server), a version IRI
(``ontology/0.3.0``) to its page and RDF, and a folder of downloads (``dist/0.3.0/``) to its index.
"""

from __future__ import annotations

import re

from ..errors import UsageError

#: The media types, the extension each one is served from, in the order the rules try them.
NEGOTIATED = (("text/turtle", ".ttl"), ("application/ld\\+json", ".jsonld"))

_HEAD = """\
# filmgraph: content negotiation for the IRIs under https://w3id.org/filmgraph/
# (written by 'filmgraph site'; text/turtle -> .ttl, application/ld+json -> .jsonld, else the page)
Options -MultiViews
DirectorySlash Off
DirectoryIndex index.html
AddType text/turtle .ttl
AddType application/ld+json .jsonld
AddType application/n-quads .nq
AddType application/trig .trig
AddType application/n-triples .nt
AddType image/svg+xml .svg
AddCharset utf-8 .html .ttl .jsonld .nq .trig .nt .svg .css
<IfModule mod_headers.c>
  Header merge Vary Accept
</IfModule>
RewriteEngine On
"""


def check_site_url(site_url: str | None) -> None:
    """A site URL is an absolute http(s) folder URL (ending in ``/``) with nothing a rule could misread."""
    if site_url is not None and not re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d+)?(/[A-Za-z0-9._~\-/]*)?/", site_url):
        raise UsageError(f"site URL {site_url!r}: give the absolute http(s) URL of the site's folder, ending in '/'")


def htaccess(downloads: str, site_url: str | None = None) -> str:
    """The rules: serving the site in place (``site_url`` None), or redirecting to ``site_url`` (303).

    ``downloads``: the folder of the downloads, whose void.ttl the dataset's base IRI gives as Turtle."""
    check_site_url(site_url)
    if site_url is None:
        return _HEAD + _local(f"{downloads}/void.ttl")
    return _HEAD + _redirects(site_url, downloads)


def _local(root_turtle: str) -> str:
    """Internal rewrites to the files beside the site's pages (an existing file is served as it is)."""
    lines = ["# an existing file (page, download, style) is served as it is",
             "RewriteCond %{REQUEST_FILENAME} -f", "RewriteRule ^ - [L]",
             "RewriteCond %{HTTP_ACCEPT} text/turtle", f"RewriteRule ^$ {root_turtle} [L]"]
    for media, extension in NEGOTIATED:
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {media}", f"RewriteCond %{{REQUEST_FILENAME}}{extension} -f",
                  f"RewriteRule ^(.+)$ $1{extension} [L]"]
    lines += ["# everything else: the page", "RewriteCond %{REQUEST_FILENAME}.html -f",
              "RewriteRule ^(.+)$ $1.html [L]",
              "# a folder with an index page (the downloads' dist/ and dist/VERSION/), with or without its slash",
              "RewriteCond %{REQUEST_FILENAME} -d", "RewriteCond %{REQUEST_FILENAME}/index.html -f",
              "RewriteRule ^(.+?)/?$ $1/index.html [L]"]
    return "\n".join(lines) + "\n"


def _redirects(site_url: str, downloads: str) -> str:
    """303 redirects to the published site, by the same negotiation (the downloads as they are)."""
    lines = [f"RewriteRule ^({downloads}/.*)$ {site_url}$1 [R=303,L]", "RewriteCond %{HTTP_ACCEPT} text/turtle",
             f"RewriteRule ^$ {site_url}{downloads}/void.ttl [R=303,L]",
             f"RewriteRule ^$ {site_url} [R=303,L]"]
    for media, extension in NEGOTIATED:
        lines += [f"RewriteCond %{{HTTP_ACCEPT}} {media}", f"RewriteRule ^(.+)$ {site_url}$1{extension} [R=303,L]"]
    lines += [f"RewriteRule ^(.+)$ {site_url}$1.html [R=303,L]"]
    return "\n".join(lines) + "\n"
