"""Resource tags of SWF Local (table ``resource_tags``).

Tags apply to domains, addressed by ARN: ``arn:aws:swf:<region>:<account>:/domain/<name>``.
At most 50 per resource (TooManyTagsFault).
"""

from __future__ import annotations

import re
from typing import Any

from swf.local import faults
from swf.local.service._registry import Registry
from swf.local.store import Transaction

__all__ = ["MAX_TAGS", "ResourceTags"]

MAX_TAGS = 50

# Unicode letters, digits, whitespace and _ . : / = + - @
_TAG_TEXT = re.compile(r"^[\w\s.:/=+\-@]*$")
_ARN = re.compile(r"^arn:aws:swf:([^:]*):([^:]*):/domain/(.+)$")


class ResourceTags:
    """The tags of domains: put (TagResource, RegisterDomain's tags), remove, list."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS resource_tags (
        domain TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT,
        PRIMARY KEY (domain, key)
    )
    """

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def domain_of_arn(self, tx: Transaction, arn: str) -> str:
        """The name of the domain an ARN names; ValidationException or UnknownResourceFault."""
        match = _ARN.match(arn)
        if match is None:
            raise faults.ValidationException(f"Invalid resource ARN: {arn}")
        region, account, name = match.groups()
        if region != self._registry.region or account != self._registry.account_id:
            raise faults.UnknownResourceFault(f"Unknown resource: {arn}")
        if not self._registry.domain_exists(tx, name):
            raise faults.UnknownResourceFault(f"Unknown resource: {arn}")
        return name

    def put(self, tx: Transaction, domain: str, tags: list[dict[str, Any]]) -> None:
        """Add or replace tags of ``domain``; TooManyTagsFault beyond 50."""
        for tag in tags:
            for text in (tag["key"], tag.get("value") or ""):
                if not _TAG_TEXT.match(text):
                    raise faults.ValidationException(
                        f"Invalid tag {text!r}: tags may only contain unicode letters, digits, "
                        "whitespace, or these symbols: _ . : / = + - @"
                    )
        tx.executemany(
            "INSERT INTO resource_tags (domain, key, value) VALUES (?, ?, ?) "
            "ON CONFLICT (domain, key) DO UPDATE SET value = excluded.value",
            [(domain, tag["key"], tag.get("value")) for tag in tags],
        )
        count = tx.scalar("SELECT COUNT(*) FROM resource_tags WHERE domain = ?", (domain,))
        if count > MAX_TAGS:
            raise faults.TooManyTagsFault(
                f"Too many tags: a resource has at most {MAX_TAGS} tags ({count} requested)"
            )

    def remove(self, tx: Transaction, domain: str, keys: list[str]) -> None:
        """Remove tags of ``domain`` by key (unknown keys are ignored)."""
        tx.executemany(
            "DELETE FROM resource_tags WHERE domain = ? AND key = ?",
            [(domain, key) for key in keys],
        )

    def of(self, tx: Transaction, domain: str) -> list[dict[str, Any]]:
        """The tags of ``domain``, by key, as ListTagsForResource answers them."""
        rows = tx.all(
            "SELECT key, value FROM resource_tags WHERE domain = ? ORDER BY key", (domain,)
        )
        tags: list[dict[str, Any]] = []
        for row in rows:
            tag = {"key": row["key"]}
            if row["value"] is not None:
                tag["value"] = row["value"]
            tags.append(tag)
        return tags
