"""Activity and workflow type operations of SWF Local over real HTTP with boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from swf.local import LocalSWF, ManualClock
from tests.local.support import TypeCalls, fault_code

KINDS = ["activity", "workflow"]


ACTIVITY_DEFAULTS = {
    "defaultTaskStartToCloseTimeout": "300",
    "defaultTaskHeartbeatTimeout": "NONE",
    "defaultTaskList": {"name": "workers"},
    "defaultTaskPriority": "-5",
    "defaultTaskScheduleToStartTimeout": "60",
    "defaultTaskScheduleToCloseTimeout": "360",
}
WORKFLOW_DEFAULTS = {
    "defaultTaskStartToCloseTimeout": "30",
    "defaultExecutionStartToCloseTimeout": "3600",
    "defaultTaskList": {"name": "deciders"},
    "defaultTaskPriority": "10",
    "defaultChildPolicy": "REQUEST_CANCEL",
    "defaultLambdaRole": "arn:aws:iam::000000000000:role/lambda",
}


def test_describe_returns_type_info_and_every_registered_default(
    types: TypeCalls, swf_clock: ManualClock
) -> None:
    defaults = ACTIVITY_DEFAULTS if types.kind == "activity" else WORKFLOW_DEFAULTS
    types.register("work", "1.0", description="Does work", **defaults)
    described = types.describe("work", "1.0")
    info = described["typeInfo"]
    assert info[types.key] == {"name": "work", "version": "1.0"}
    assert info["status"] == "REGISTERED"
    assert info["description"] == "Does work"
    assert info["creationDate"].timestamp() == pytest.approx(swf_clock.now(), abs=0.001)
    assert "deprecationDate" not in info
    assert described["configuration"] == defaults


def test_describe_without_defaults_has_empty_configuration(types: TypeCalls) -> None:
    types.register("bare")
    assert types.describe("bare")["configuration"] == {}


def test_register_twice_is_type_already_exists(types: TypeCalls) -> None:
    types.register("t")
    with pytest.raises(ClientError) as excinfo:
        types.register("t")
    assert fault_code(excinfo) == "TypeAlreadyExistsFault"
    types.register("t", "2")  # another version is another type


def test_register_a_deprecated_type_again_is_type_already_exists(types: TypeCalls) -> None:
    types.register("t")
    types.deprecate("t")
    with pytest.raises(ClientError) as excinfo:
        types.register("t")
    assert fault_code(excinfo) == "TypeAlreadyExistsFault"


def test_register_in_unknown_or_deprecated_domain_is_unknown_resource(types: TypeCalls) -> None:
    with pytest.raises(ClientError) as excinfo:
        types.call("register", domain="nope", name="t", version="1")
    assert fault_code(excinfo) == "UnknownResourceFault"
    types.client.deprecate_domain(name="d")
    with pytest.raises(ClientError) as excinfo:
        types.register("t")
    assert fault_code(excinfo) == "UnknownResourceFault"


@pytest.mark.parametrize(
    ("member", "value"),
    [
        ("defaultTaskStartToCloseTimeout", "soon"),
        ("defaultTaskStartToCloseTimeout", "-1"),
        ("defaultTaskStartToCloseTimeout", "\u00b2"),  # a digit to str.isdigit, not to int()
        ("defaultTaskStartToCloseTimeout", "\u0661"),  # ARABIC-INDIC DIGIT ONE
        ("defaultTaskPriority", "high"),
        ("defaultTaskPriority", "2147483648"),
    ],
)
def test_register_rejects_bad_default_values(types: TypeCalls, member: str, value: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        types.register("t", **{member: value})
    assert fault_code(excinfo) == "ValidationException"
    assert member in excinfo.value.response["Error"]["Message"]


def test_workflow_execution_timeout_default_cannot_be_none(swf_client: Any) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    with pytest.raises(ClientError) as excinfo:
        swf_client.register_workflow_type(
            domain="d", name="w", version="1", defaultExecutionStartToCloseTimeout="NONE"
        )
    assert fault_code(excinfo) == "ValidationException"


def test_describe_unknown_type_is_unknown_resource(types: TypeCalls) -> None:
    with pytest.raises(ClientError) as excinfo:
        types.describe("ghost")
    assert fault_code(excinfo) == "UnknownResourceFault"


def test_type_limit_per_domain_is_limit_exceeded(types: TypeCalls, local_swf: LocalSWF) -> None:
    local_swf.service.limits.types_per_domain = 2
    types.register("a")
    types.register("b")
    with pytest.raises(ClientError) as excinfo:
        types.register("c")
    assert fault_code(excinfo) == "LimitExceededFault"


def test_deprecate_records_the_date_and_twice_is_type_deprecated(
    types: TypeCalls, swf_clock: ManualClock
) -> None:
    types.register("t")
    swf_clock.advance(60)
    types.deprecate("t")
    info = types.describe("t")["typeInfo"]
    assert info["status"] == "DEPRECATED"
    assert info["deprecationDate"].timestamp() == pytest.approx(swf_clock.now(), abs=0.001)
    with pytest.raises(ClientError) as excinfo:
        types.deprecate("t")
    assert fault_code(excinfo) == "TypeDeprecatedFault"


def test_undeprecate_restores_and_registered_one_is_type_already_exists(types: TypeCalls) -> None:
    types.register("t")
    with pytest.raises(ClientError) as excinfo:
        types.undeprecate("t")
    assert fault_code(excinfo) == "TypeAlreadyExistsFault"
    types.deprecate("t")
    types.undeprecate("t")
    info = types.describe("t")["typeInfo"]
    assert info["status"] == "REGISTERED"
    assert "deprecationDate" not in info


def test_delete_needs_a_deprecated_type(types: TypeCalls) -> None:
    types.register("t")
    with pytest.raises(ClientError) as excinfo:
        types.delete("t")
    assert fault_code(excinfo) == "TypeNotDeprecatedFault"
    types.deprecate("t")
    types.delete("t")
    with pytest.raises(ClientError) as excinfo:
        types.describe("t")
    assert fault_code(excinfo) == "UnknownResourceFault"
    types.register("t")  # the name and version are free again


def test_delete_unknown_type_is_unknown_resource(types: TypeCalls) -> None:
    with pytest.raises(ClientError) as excinfo:
        types.delete("ghost")
    assert fault_code(excinfo) == "UnknownResourceFault"


def test_list_filters_by_status_and_name_ordered_by_name_then_version(types: TypeCalls) -> None:
    for name, version in [("b", "1"), ("a", "2"), ("a", "1"), ("c", "1")]:
        types.register(name, version)
    types.deprecate("c")
    assert types.names(types.list()) == [("a", "1"), ("a", "2"), ("b", "1")]
    assert types.names(types.list("DEPRECATED")) == [("c", "1")]
    assert types.names(types.list(name="a")) == [("a", "1"), ("a", "2")]
    assert types.names(types.list(reverseOrder=True)) == [("b", "1"), ("a", "2"), ("a", "1")]


def test_list_paginates_forward_and_in_reverse(types: TypeCalls) -> None:
    expected = [(f"t{i}", "1") for i in range(5)]
    for name, version in expected:
        types.register(name, version)
    for reverse in (False, True):
        seen: list[tuple[str, str]] = []
        token = None
        while True:
            extra: dict[str, Any] = {"maximumPageSize": 2, "reverseOrder": reverse}
            if token:
                extra["nextPageToken"] = token
            page = types.list(**extra)
            assert len(page["typeInfos"]) <= 2
            seen += types.names(page)
            token = page.get("nextPageToken")
            if not token:
                break
        assert seen == (list(reversed(expected)) if reverse else expected)


def test_list_in_unknown_domain_is_unknown_resource(swf_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        swf_client.list_activity_types(domain="nope", registrationStatus="REGISTERED")
    assert fault_code(excinfo) == "UnknownResourceFault"


def test_activity_and_workflow_types_are_separate(swf_client: Any) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    swf_client.register_activity_type(domain="d", name="same", version="1")
    swf_client.register_workflow_type(domain="d", name="same", version="1")
    listed = swf_client.list_workflow_types(domain="d", registrationStatus="REGISTERED")
    assert len(listed["typeInfos"]) == 1


@pytest.mark.parametrize(("name", "version"), [("a:b", "1"), ("a", "1/2"), ("arn", "1")])
def test_register_rejects_names_and_versions_swf_forbids(
    types: TypeCalls, name: str, version: str
) -> None:
    with pytest.raises(ClientError) as excinfo:
        types.register(name, version)
    assert fault_code(excinfo) == "ValidationException"
