"""Domain: local until saved, kept in sync with SWF, immutable, printable."""

from __future__ import annotations

import pytest

import swf.settings
from swf.constants import DEPRECATED, REGISTERED
from swf.exceptions import DoesNotExistError, DomainAlreadyExistsFault, ValidationError
from swf.models import Difference, Domain, ModelDiff, WorkflowType
from tests.backends import Backend


def test_saved_domain_exists_and_is_in_sync(backend: Backend) -> None:
    domain = Domain(
        backend.name_for("d"),
        description="a description",
        retention_period=60,
        connection=backend.connection,
    )
    assert not domain.exists
    domain.save()
    assert domain.exists
    assert domain.changes == ModelDiff()
    # A real comparison of values: the retention SWF sends as "60" equals the local 60.
    assert domain.is_synced is True


def test_upstream_reads_every_attribute_back(backend: Backend) -> None:
    domain = Domain(
        backend.name_for("d"), description="desc", retention_period=7, connection=backend.connection
    )
    domain.save()
    upstream = domain.upstream()
    assert upstream == domain
    assert upstream is not domain
    assert (upstream.name, upstream.status, upstream.description, upstream.retention_period) == (
        domain.name,
        REGISTERED,
        "desc",
        7,
    )
    assert isinstance(upstream.retention_period, int)
    assert upstream.connection is domain.connection


def test_remote_deprecation_shows_in_changes_until_upstream_resyncs(backend: Backend) -> None:
    domain = Domain(backend.name_for("d"), connection=backend.connection)
    domain.save()
    other_client = backend.connect()
    other_client.call("DeprecateDomain", name=domain.name)

    assert domain.is_synced is False
    assert domain.changes == ModelDiff(Difference("status", REGISTERED, DEPRECATED))
    assert repr(domain.changes) == (
        "ModelDiff(\n    Difference('status', 'REGISTERED', 'DEPRECATED')\n)"
    )
    domain = domain.upstream()
    assert domain.status == DEPRECATED
    assert domain.is_synced
    assert domain.changes == ModelDiff()


def test_a_local_difference_names_the_attribute(backend: Backend) -> None:
    domain = Domain(backend.name_for("d"), description="one", connection=backend.connection)
    domain.save()
    changed = domain.replace(description="two", retention_period=3)
    assert changed.changes == ModelDiff(
        Difference("description", "two", "one"), Difference("retention_period", 3, 30)
    )
    assert "description" in changed.changes
    assert changed.changes.attrs == ("description", "retention_period")
    assert not changed.is_synced


def test_unsaved_domain_is_not_synced_and_has_no_upstream(backend: Backend) -> None:
    domain = Domain(backend.name_for("missing"), connection=backend.connection)
    assert domain.exists is False
    assert domain.is_synced is False
    with pytest.raises(Domain.DoesNotExist, match=domain.name):
        domain.upstream()
    with pytest.raises(DoesNotExistError):
        domain.changes  # noqa: B018
    with pytest.raises(LookupError):
        domain.upstream()


def test_saving_an_existing_domain_raises_already_exists(backend: Backend) -> None:
    name = backend.name_for("d")
    Domain(name, connection=backend.connection).save()
    with pytest.raises(DomainAlreadyExistsFault):
        Domain(name, connection=backend.connection).save()


def test_deprecate_and_undeprecate_return_models_in_sync(backend: Backend) -> None:
    domain = Domain(backend.name_for("d"), connection=backend.connection)
    domain.save()
    deprecated = domain.deprecate()
    assert deprecated.status == DEPRECATED
    assert domain.status == REGISTERED  # the old value did not change
    assert deprecated.is_synced
    backend.requires("UndeprecateDomain")
    registered = deprecated.undeprecate()
    assert registered.status == REGISTERED
    assert registered.is_synced


def test_delete_deprecates_since_swf_cannot_delete_a_domain(backend: Backend) -> None:
    domain = Domain(backend.name_for("d"), connection=backend.connection)
    domain.save()
    domain.delete()
    assert domain.upstream().status == DEPRECATED


def test_saving_a_deprecated_model_registers_then_deprecates(backend: Backend) -> None:
    domain = Domain(backend.name_for("d"), status=DEPRECATED, connection=backend.connection)
    domain.save()
    assert domain.is_synced
    assert domain.upstream().status == DEPRECATED


def test_tags_are_set_listed_and_removed(backend: Backend) -> None:
    backend.requires("TagResource", "ListTagsForResource", "UntagResource")
    domain = Domain(backend.name_for("d"), connection=backend.connection)
    domain.save(tags={"team": "core"})
    assert domain.tags() == {"team": "core"}
    domain.tag({"env": "test", "team": "platform"})
    assert domain.tags() == {"team": "platform", "env": "test"}
    domain.untag(["team"])
    assert domain.tags() == {"env": "test"}
    assert domain.upstream().arn is not None


def test_bad_tags_raise_before_the_arn_lookup_and_a_none_value_sends_the_key_alone(
    backend: Backend,
) -> None:
    backend.requires("TagResource", "ListTagsForResource")
    nowhere = Domain("d", endpoint_url="http://127.0.0.1:9")  # any request would fail
    with pytest.raises(ValidationError, match="value of tag 'k' must be a string, not int"):
        nowhere.tag({"k": 5})  # type: ignore[dict-item]
    with pytest.raises(ValidationError, match="tag key must be at least 1 character"):
        nowhere.tag({"": "v"})
    with pytest.raises(ValidationError, match="tag must be a string, not NoneType"):
        WorkflowType(nowhere, "w", "1").start_execution("x", tag_list=[None])  # type: ignore[list-item]
    if backend.name == "local":  # moto's server answers 500 to a tag without a value
        domain = Domain(backend.name_for("d"), connection=backend.connection)
        domain.save()
        domain.tag({"flag": None})  # type: ignore[dict-item]
        assert domain.tags() == {"flag": ""}


def test_untag_refuses_one_string_that_would_be_read_as_its_letters() -> None:
    arn = "arn:aws:swf:us-east-1:000000000000:/domain/d"
    domain = Domain("d", arn=arn, endpoint_url="http://127.0.0.1:9")
    with pytest.raises(ValidationError, match="a list of tag keys, not a string"):
        domain.untag("team")


def test_explicit_arguments_win_over_settings(backend: Backend) -> None:
    swf.settings.set(endpoint_url="http://127.0.0.1:9", region="eu-west-3")
    domain = Domain(
        backend.name_for("d"),
        endpoint_url=backend.endpoint_url,
        region="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    domain.save()
    assert domain.exists
    assert domain.region == "us-east-1"


def test_settings_are_read_when_first_used_not_at_import(backend: Backend) -> None:
    domain = Domain(backend.name_for("d"))
    swf.settings.set(
        endpoint_url=backend.endpoint_url,
        region="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    domain.save()
    assert domain.is_synced


# -- local behaviour, no server -------------------------------------------------------------


def test_repr_is_short_and_names_the_class() -> None:
    domain = Domain("my-domain")
    assert repr(domain) == "Domain('my-domain')"
    assert type(domain).__name__ == "Domain"
    assert type(domain).__qualname__ == "Domain"
    assert str(domain) == "Domain('my-domain')"


def test_models_are_immutable_values() -> None:
    domain = Domain("d", description="x")
    with pytest.raises(AttributeError, match="replace"):
        domain.description = "y"  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del domain.name
    assert domain == Domain("d", description="x")
    assert hash(domain) == hash(Domain("d", description="x"))
    assert domain != Domain("d", description="y")
    assert domain.replace(description="y") == Domain("d", description="y")
    assert len({domain, Domain("d", description="x")}) == 1


def test_equality_ignores_the_connection() -> None:
    assert Domain("d", region="eu-west-1") == Domain("d", region="us-east-1")


def test_constructor_signature_is_the_quickstart_one() -> None:
    domain = Domain("d", REGISTERED, "desc", 10)
    assert (domain.status, domain.description, domain.retention_period) == (
        REGISTERED,
        "desc",
        10,
    )
    assert Domain("d").retention_period == 30
    assert Domain("d").status == REGISTERED


@pytest.mark.parametrize(
    "arguments",
    [
        {"name": ""},
        {"name": "a:b"},
        {"name": "x" * 257},
        {"name": "arn"},
        {"name": "d", "retention_period": 91},
        {"name": "d", "retention_period": -1},
        {"name": "d", "retention_period": "many"},
        {"name": "d", "description": "x" * 1025},
        {"name": "d", "status": "GONE"},
    ],
)
def test_invalid_arguments_raise_before_any_request(arguments: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        Domain(**arguments, endpoint_url="http://127.0.0.1:9")  # type: ignore[arg-type]


def test_misspelt_keyword_raises() -> None:
    with pytest.raises(TypeError, match="retention"):
        Domain("d", retention=3)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="descrption"):
        Domain("d").replace(descrption="x")


def test_replace_keeps_the_connection() -> None:
    domain = Domain("d", region="eu-west-1")
    assert domain.replace(description="x").connection is domain.connection


def test_an_empty_description_is_no_description(backend: Backend) -> None:
    domain = Domain(backend.name_for("d"), description="", connection=backend.connection)
    assert domain.description is None
    domain.save()
    assert domain.is_synced


def test_every_way_to_register_a_domain_keeps_executions_30_days(backend: Backend) -> None:
    from swf.models.domain import DEFAULT_RETENTION_DAYS
    from swf.querysets import DomainQuerySet

    assert DEFAULT_RETENTION_DAYS == 30
    assert Domain("d").retention_period == 30
    created = DomainQuerySet(connection=backend.connection).create(backend.name_for("r"))
    assert created.upstream().retention_period == 30
