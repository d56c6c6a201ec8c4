"""Domain operations of SWF Local over real HTTP with boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from swf.local import LocalSWF
from tests.local.shape_check import assert_output_shape
from tests.local.support import fault_code


def register(client: Any, name: str, retention: str = "1", **extra: Any) -> None:
    client.register_domain(name=name, workflowExecutionRetentionPeriodInDays=retention, **extra)


def test_register_then_describe_returns_info_arn_and_configuration(swf_client: Any) -> None:
    response = swf_client.register_domain(
        name="orders", description="Order processing", workflowExecutionRetentionPeriodInDays="7"
    )
    assert_output_shape("RegisterDomain", response)
    described = swf_client.describe_domain(name="orders")
    assert_output_shape("DescribeDomain", described)
    assert described["domainInfo"] == {
        "name": "orders",
        "status": "REGISTERED",
        "description": "Order processing",
        "arn": "arn:aws:swf:us-east-1:000000000000:/domain/orders",
    }
    assert described["configuration"] == {"workflowExecutionRetentionPeriodInDays": "7"}


def test_every_response_carries_a_request_id(swf_client: Any) -> None:
    register(swf_client, "d")
    response = swf_client.describe_domain(name="d")
    assert response["ResponseMetadata"]["RequestId"]
    assert response["ResponseMetadata"]["HTTPHeaders"]["x-amzn-requestid"]


@pytest.mark.parametrize("retention", ["0", "NONE", "90"])
def test_register_accepts_retention_bounds_and_none(swf_client: Any, retention: str) -> None:
    register(swf_client, "d", retention)
    described = swf_client.describe_domain(name="d")
    assert described["configuration"]["workflowExecutionRetentionPeriodInDays"] == retention


def test_register_rejects_retention_over_90_days(swf_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        register(swf_client, "d", "91")
    assert fault_code(excinfo) == "LimitExceededFault"


@pytest.mark.parametrize("retention", ["seven", "\u00b2", "\u0661"])
def test_register_rejects_non_numeric_retention(swf_client: Any, retention: str) -> None:
    # "\u00b2" (superscript two) once passed str.isdigit and failed int(): a 500.
    with pytest.raises(ClientError) as excinfo:
        register(swf_client, "d", retention)
    assert fault_code(excinfo) == "ValidationException"


def test_register_twice_is_domain_already_exists(swf_client: Any) -> None:
    register(swf_client, "d")
    with pytest.raises(ClientError) as excinfo:
        register(swf_client, "d")
    assert fault_code(excinfo) == "DomainAlreadyExistsFault"
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_register_deprecated_name_again_is_domain_already_exists(swf_client: Any) -> None:
    register(swf_client, "d")
    swf_client.deprecate_domain(name="d")
    with pytest.raises(ClientError) as excinfo:
        register(swf_client, "d")
    assert fault_code(excinfo) == "DomainAlreadyExistsFault"


def test_describe_unknown_domain_is_unknown_resource(swf_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        swf_client.describe_domain(name="nope")
    assert fault_code(excinfo) == "UnknownResourceFault"
    assert "nope" in excinfo.value.response["Error"]["Message"]


def test_domain_limit_is_limit_exceeded(local_swf: LocalSWF, swf_client: Any) -> None:
    local_swf.service.limits.domains = 3
    for name in ("a", "b", "c"):
        register(swf_client, name)
    with pytest.raises(ClientError) as excinfo:
        register(swf_client, "d")
    assert fault_code(excinfo) == "LimitExceededFault"


def test_list_filters_by_status_and_orders_by_name(swf_client: Any) -> None:
    for name in ("charlie", "alpha", "bravo", "delta"):
        register(swf_client, name)
    swf_client.deprecate_domain(name="bravo")
    registered = swf_client.list_domains(registrationStatus="REGISTERED")
    assert_output_shape("ListDomains", registered)
    assert [d["name"] for d in registered["domainInfos"]] == ["alpha", "charlie", "delta"]
    assert "nextPageToken" not in registered
    deprecated = swf_client.list_domains(registrationStatus="DEPRECATED")
    assert [(d["name"], d["status"]) for d in deprecated["domainInfos"]] == [
        ("bravo", "DEPRECATED")
    ]


def test_list_reverse_order(swf_client: Any) -> None:
    for name in ("a", "b", "c"):
        register(swf_client, name)
    listed = swf_client.list_domains(registrationStatus="REGISTERED", reverseOrder=True)
    assert [d["name"] for d in listed["domainInfos"]] == ["c", "b", "a"]


def test_list_paginates_with_opaque_tokens(swf_client: Any) -> None:
    names = [f"d{i:02}" for i in range(7)]
    for name in reversed(names):
        register(swf_client, name)
    seen: list[str] = []
    token = None
    pages = 0
    while True:
        kwargs: dict[str, Any] = {"registrationStatus": "REGISTERED", "maximumPageSize": 3}
        if token:
            kwargs["nextPageToken"] = token
        page = swf_client.list_domains(**kwargs)
        assert_output_shape("ListDomains", page)
        pages += 1
        seen += [d["name"] for d in page["domainInfos"]]
        token = page.get("nextPageToken")
        if not token:
            break
    assert seen == names
    assert pages == 3


def test_botocore_paginator_walks_every_page_in_reverse(swf_client: Any) -> None:
    for i in range(5):
        register(swf_client, f"d{i}")
    paginator = swf_client.get_paginator("list_domains")
    names = [
        d["name"]
        for page in paginator.paginate(
            registrationStatus="REGISTERED", reverseOrder=True, PaginationConfig={"PageSize": 2}
        )
        for d in page["domainInfos"]
    ]
    assert names == ["d4", "d3", "d2", "d1", "d0"]


def test_list_with_a_foreign_token_is_a_validation_error(swf_client: Any) -> None:
    for i in range(3):
        register(swf_client, f"d{i}")
    page = swf_client.list_domains(registrationStatus="REGISTERED", maximumPageSize=1)
    with pytest.raises(ClientError) as excinfo:
        swf_client.list_domains(
            registrationStatus="DEPRECATED", nextPageToken=page["nextPageToken"]
        )
    assert fault_code(excinfo) == "ValidationException"
    with pytest.raises(ClientError) as excinfo:
        swf_client.list_domains(registrationStatus="REGISTERED", nextPageToken="garbage!")
    assert fault_code(excinfo) == "ValidationException"


def test_deprecate_then_deprecate_again_is_domain_deprecated(swf_client: Any) -> None:
    register(swf_client, "d")
    assert_output_shape("DeprecateDomain", swf_client.deprecate_domain(name="d"))
    assert swf_client.describe_domain(name="d")["domainInfo"]["status"] == "DEPRECATED"
    with pytest.raises(ClientError) as excinfo:
        swf_client.deprecate_domain(name="d")
    assert fault_code(excinfo) == "DomainDeprecatedFault"


def test_deprecate_unknown_domain_is_unknown_resource(swf_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        swf_client.deprecate_domain(name="nope")
    assert fault_code(excinfo) == "UnknownResourceFault"


def test_undeprecate_restores_and_registered_one_is_already_exists(swf_client: Any) -> None:
    register(swf_client, "d")
    with pytest.raises(ClientError) as excinfo:
        swf_client.undeprecate_domain(name="d")
    assert fault_code(excinfo) == "DomainAlreadyExistsFault"
    swf_client.deprecate_domain(name="d")
    assert_output_shape("UndeprecateDomain", swf_client.undeprecate_domain(name="d"))
    assert swf_client.describe_domain(name="d")["domainInfo"]["status"] == "REGISTERED"


def test_undeprecate_unknown_domain_is_unknown_resource(swf_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        swf_client.undeprecate_domain(name="nope")
    assert fault_code(excinfo) == "UnknownResourceFault"


def test_missing_required_member_is_named_in_the_validation_message(
    swf_endpoint_url: str,
) -> None:
    from tools.local.wire import raw_call

    response = raw_call(swf_endpoint_url, "DescribeDomain", {})
    assert response.status == 400
    assert response.json() == {
        "__type": "com.amazon.coral.validate#ValidationException",
        "message": "1 validation error detected: Value null at 'name' failed to satisfy "
        "constraint: Member must not be null",
    }


@pytest.mark.parametrize("name", ["a:b", "a/b", "a|b", "arn", " lead", "trail ", "tab\there"])
def test_register_rejects_names_swf_forbids(swf_client: Any, name: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        register(swf_client, name)
    assert fault_code(excinfo) == "ValidationException"
