"""Resource tags of SWF Local: TagResource, UntagResource, ListTagsForResource.

Tags apply to domains, addressed by ARN: ``arn:aws:swf:<region>:<account>:/domain/<name>``.
At most 50 per resource (TooManyTagsFault).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from swf.local import faults
from swf.local.store import Transaction

if TYPE_CHECKING:
    from swf.local.service.base import ServiceBase

    _Base = ServiceBase
else:
    _Base = object

__all__ = ["MAX_TAGS", "TagOps"]

MAX_TAGS = 50

# Unicode letters, digits, whitespace and _ . : / = + - @
_TAG_TEXT = re.compile(r"^[\w\s.:/=+\-@]*$")
_ARN = re.compile(r"^arn:aws:swf:([^:]*):([^:]*):/domain/(.+)$")


class TagOps(_Base):
    """TagResource, UntagResource, ListTagsForResource (and tags given at RegisterDomain)."""

    SCHEMA = """
    CREATE TABLE IF NOT EXISTS resource_tags (
        domain TEXT NOT NULL,
        key TEXT NOT NULL,
        value TEXT,
        PRIMARY KEY (domain, key)
    )
    """

    def _domain_of_arn(self, tx: Transaction, arn: str) -> str:
        match = _ARN.match(arn)
        if match is None:
            raise faults.ValidationException(f"Invalid resource ARN: {arn}")
        region, account, name = match.groups()
        if region != self.region or account != self.account_id:
            raise faults.UnknownResourceFault(f"Unknown resource: {arn}")
        if tx.one("SELECT 1 FROM domains WHERE name = ?", (name,)) is None:
            raise faults.UnknownResourceFault(f"Unknown resource: {arn}")
        return name

    def _put_tags(self, tx: Transaction, domain: str, tags: list[dict[str, Any]]) -> None:
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
        (count,) = tx.one("SELECT COUNT(*) FROM resource_tags WHERE domain = ?", (domain,)) or (0,)
        if count > MAX_TAGS:
            raise faults.TooManyTagsFault(
                f"Too many tags: a resource has at most {MAX_TAGS} tags ({count} requested)"
            )

    def tag_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        """TagResource: add or replace tags; TooManyTagsFault beyond 50."""
        with self.store.transaction() as tx:
            domain = self._domain_of_arn(tx, params["resourceArn"])
            self._put_tags(tx, domain, params["tags"])
        return {}

    def untag_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        """UntagResource: remove tags by key (unknown keys are ignored)."""
        with self.store.transaction() as tx:
            domain = self._domain_of_arn(tx, params["resourceArn"])
            tx.executemany(
                "DELETE FROM resource_tags WHERE domain = ? AND key = ?",
                [(domain, key) for key in params["tagKeys"]],
            )
        return {}

    def list_tags_for_resource(self, params: dict[str, Any]) -> dict[str, Any]:
        """ListTagsForResource: the tags of a domain, by key."""
        with self.store.transaction() as tx:
            domain = self._domain_of_arn(tx, params["resourceArn"])
            rows = tx.all(
                "SELECT key, value FROM resource_tags WHERE domain = ? ORDER BY key", (domain,)
            )
        tags: list[dict[str, Any]] = []
        for row in rows:
            tag = {"key": row["key"]}
            if row["value"] is not None:
                tag["value"] = row["value"]
            tags.append(tag)
        return {"tags": tags}
