"""Addresses the site once published and no longer builds: each gets a small page that
sends the reader on (static hosts have no server redirects), so old links keep working.

Until the site was built on the authorities table (the merge of d84a03c), a council's page
was named by a slug of its name, "-former" for one without an ONS code; since then it is
named by its ``authority_id``. Found by building the site at 3f2301e and now and comparing
the file lists; every anchor of those old pages is on the new ones. Add a line here when
a page moves: a redirect is written only where nothing real stands and its target exists.
"""

from __future__ import annotations

#: old path → current path, both relative to the site's root.
MOVED: dict[str, str] = {
    "authority/bournemouth-christchurch-and-poole.html": "authority/bournemouth-christchurch-poole.html",
    "authority/dorset-former.html": "authority/dorset-county.html",
    "authority/hammersmith-and-fulham.html": "authority/hammersmith-fulham.html",
    "authority/poole-former.html": "authority/poole.html",
    "authority/telford-and-wrekin.html": "authority/telford-wrekin.html",
}


def redirects(pages: "set[str] | frozenset[str]", moved: "dict[str, str]" = MOVED) -> dict[str, str]:
    """The moved addresses to publish for a site holding ``pages``: never over a real page
    (a later authority may take an old name), never to a page this build lacks."""
    return {old: new for old, new in sorted(moved.items()) if old not in pages and new in pages}
