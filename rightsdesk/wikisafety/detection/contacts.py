# ruff: noqa: RUF001 - the full-width @ is an evasion we read
"""E-mail addresses, IP addresses and links to social-media profiles."""

from __future__ import annotations

import ipaddress
import re

from rightsdesk.wikisafety.detection.digits import ascii_digits
from rightsdesk.wikisafety.detection.hits import Hints, Hit, Kind

__all__ = ["SOCIAL_DOMAINS", "EmailRecogniser", "IpRecogniser", "SocialProfileRecogniser"]

_AT = r"(?:@|＠|\s?[\[(\{]\s?(?:at|arroba|собака|ат)\s?[\])\}]\s?)"
_DOT = r"(?:\.|\s?[\[(\{]\s?(?:dot|punto|point|точка)\s?[\])\}]\s?)"
_EMAIL = re.compile(
    rf"(?<![\w.@+-])([\w.+-]{{1,64}}){_AT}((?:[\w-]{{1,63}}{_DOT})+[^\W\d_]{{2,24}})(?![\w-])",
    re.IGNORECASE,
)


class EmailRecogniser:
    """E-mail addresses, also written with "[at]"/"(at)" and "[dot]" in several languages.

    A fediverse handle ("@jane@mastodon.social") is left to the social-profile recogniser."""

    name = "email"

    def find(self, text: str, hints: Hints) -> list[Hit]:
        hits = []
        for match in _EMAIL.finditer(text):
            local, domain = match.group(1).strip("."), match.group(2)
            if not local:
                continue
            domain = re.sub(_DOT, ".", domain, flags=re.IGNORECASE).lower()
            value = f"{local.lower()}@{domain}"
            hits.append(Hit(Kind.EMAIL, *match.span(), value, self.name))
        return hits


_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])", re.IGNORECASE)
_VERSION_BEFORE = re.compile(r"(?:\bv|version|versión|версия|release)\s*$", re.IGNORECASE)


class IpRecogniser:
    """IPv4 and IPv6 addresses that `ipaddress` accepts, except loopback, unspecified and
    link-local addresses (they identify no one), version numbers ("version 1.2.3.4"), and the
    editor's own address (`Hints.editor`): an unregistered editor's signature is not doxxing.
    """

    name = "ip"

    def find(self, text: str, hints: Hints) -> list[Hit]:
        ascii_text = ascii_digits(text)
        hits = []
        for pattern in (_IPV4, _IPV6):
            for match in pattern.finditer(ascii_text):
                candidate = match.group()
                if pattern is _IPV6 and candidate.count(":") < 2:
                    continue
                try:
                    address = ipaddress.ip_address(candidate)
                except ValueError:
                    continue
                if address.is_loopback or address.is_unspecified or address.is_link_local:
                    continue
                if _VERSION_BEFORE.search(ascii_text, max(0, match.start() - 12), match.start()):
                    continue
                if hints.editor and str(address) == hints.editor:
                    continue
                hits.append(Hit(Kind.IP_ADDRESS, *match.span(), str(address), self.name))
        return sorted(hits, key=lambda hit: hit.start)


# Domains whose first path segment names a person's profile. Checked as the host or a
# subdomain of it.
SOCIAL_DOMAINS = (
    "twitter.com",
    "x.com",
    "facebook.com",
    "fb.com",
    "instagram.com",
    "linkedin.com",
    "tiktok.com",
    "t.me",
    "telegram.me",
    "vk.com",
    "ok.ru",
    "youtube.com",
    "github.com",
    "gitlab.com",
    "reddit.com",
    "threads.net",
    "bsky.app",
    "snapchat.com",
    "pinterest.com",
    "weibo.com",
    "aparat.com",
    "medium.com",
    "soundcloud.com",
    "twitch.tv",
    "flickr.com",
    "tumblr.com",
    "quora.com",
    "mastodon.social",
)
# First path segments that are not a profile (the sites' own pages).
_NOT_PROFILE = frozenset(
    {
        "",
        "home",
        "search",
        "login",
        "signup",
        "share",
        "sharer",
        "sharer.php",
        "intent",
        "hashtag",
        "explore",
        "help",
        "about",
        "policies",
        "privacy",
        "terms",
        "watch",
        "settings",
        "legal",
        "r",
        "wiki",
        "s",
        "i",
        "pages",
        "groups",
        "events",
        "feed",
        "company",
        "school",
        "jobs",
        "tags",
        "topics",
        "results",
    }
)
_PROFILE_PATH = {
    "linkedin.com": ("in",),
    "reddit.com": ("u", "user"),
    "bsky.app": ("profile",),
    "youtube.com": ("c", "channel", "user"),
    "snapchat.com": ("add",),
}
_DOMAINS = "|".join(re.escape(d) for d in SOCIAL_DOMAINS)
_SOCIAL = re.compile(
    rf"(?<![\w.-])(?:https?://)?(?:[\w-]+\.)*({_DOMAINS})/+([^\s/?#|\]\[<>\"']+)(?:/+([^\s/?#|\]\[<>\"']+))?",
    re.IGNORECASE,
)
_FEDIVERSE = re.compile(
    r"(?<![\w@])@([\w.]{1,30})@((?:[\w-]+\.)+[a-z]{2,24})(?![\w-])", re.IGNORECASE
)


class SocialProfileRecogniser:
    """Links to a person's profile on a social network (`SOCIAL_DOMAINS`; the site's own pages
    such as /search or /help excluded) and fediverse handles "@user@host"."""

    name = "social"

    def find(self, text: str, hints: Hints) -> list[Hit]:
        hits = []
        for match in _SOCIAL.finditer(text):
            domain = match.group(1).lower()
            first = match.group(2)
            second = match.group(3) or ""
            prefixes = _PROFILE_PATH.get(domain, ())
            if first.lower() in prefixes and second:
                handle = second
            elif first.startswith("@") or first.lower() not in _NOT_PROFILE:
                handle = first
            else:
                continue
            if domain == "linkedin.com" and first.lower() != "in":
                continue
            value = f"{domain}/{handle.lstrip('@').lower()}"
            hits.append(Hit(Kind.SOCIAL_PROFILE, *match.span(), value, self.name, detail=domain))
        for match in _FEDIVERSE.finditer(text):
            value = f"@{match.group(1).lower()}@{match.group(2).lower()}"
            hits.append(Hit(Kind.SOCIAL_PROFILE, *match.span(), value, self.name, "fediverse"))
        return sorted(hits, key=lambda hit: hit.start)
