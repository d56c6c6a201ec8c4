"""Resource tags on domain ARNs in SWF Local over real HTTP with boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.local.shape_check import assert_output_shape
from tests.local.support import fault_code

ARN = "arn:aws:swf:us-east-1:000000000000:/domain/d"


def tags_of(client: Any, arn: str = ARN) -> list[dict[str, str]]:
    response = client.list_tags_for_resource(resourceArn=arn)
    assert_output_shape("ListTagsForResource", response)
    return list(response["tags"])


def test_tags_given_at_register_are_listed(swf_client: Any) -> None:
    swf_client.register_domain(
        name="d",
        workflowExecutionRetentionPeriodInDays="1",
        tags=[{"key": "team", "value": "payments"}, {"key": "flag"}],
    )
    arn = swf_client.describe_domain(name="d")["domainInfo"]["arn"]
    assert arn == ARN
    assert tags_of(swf_client) == [{"key": "flag"}, {"key": "team", "value": "payments"}]


def test_tag_adds_and_replaces_untag_removes(swf_client: Any) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    assert tags_of(swf_client) == []
    response = swf_client.tag_resource(
        resourceArn=ARN, tags=[{"key": "a", "value": "1"}, {"key": "b", "value": "2"}]
    )
    assert_output_shape("TagResource", response)
    swf_client.tag_resource(resourceArn=ARN, tags=[{"key": "a", "value": "one"}])
    assert tags_of(swf_client) == [{"key": "a", "value": "one"}, {"key": "b", "value": "2"}]
    response = swf_client.untag_resource(resourceArn=ARN, tagKeys=["a", "missing"])
    assert_output_shape("UntagResource", response)
    assert tags_of(swf_client) == [{"key": "b", "value": "2"}]


def test_more_than_50_tags_is_too_many_tags(swf_client: Any) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    swf_client.tag_resource(
        resourceArn=ARN, tags=[{"key": f"k{i}", "value": "v"} for i in range(50)]
    )
    swf_client.tag_resource(resourceArn=ARN, tags=[{"key": "k0", "value": "replaced"}])
    with pytest.raises(ClientError) as excinfo:
        swf_client.tag_resource(resourceArn=ARN, tags=[{"key": "k50", "value": "v"}])
    assert fault_code(excinfo) == "TooManyTagsFault"
    assert len(tags_of(swf_client)) == 50  # the failed call changed nothing


def test_register_with_more_than_50_tags_is_too_many_tags(swf_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        swf_client.register_domain(
            name="d",
            workflowExecutionRetentionPeriodInDays="1",
            tags=[{"key": f"k{i}"} for i in range(51)],
        )
    assert fault_code(excinfo) == "TooManyTagsFault"
    with pytest.raises(ClientError) as excinfo:
        swf_client.describe_domain(name="d")
    assert fault_code(excinfo) == "UnknownResourceFault"  # rolled back with the tags


@pytest.mark.parametrize(
    "arn",
    [
        "arn:aws:swf:us-east-1:000000000000:/domain/nope",
        "arn:aws:swf:eu-west-1:000000000000:/domain/d",
        "arn:aws:swf:us-east-1:111111111111:/domain/d",
    ],
)
def test_unknown_resource_arn_is_unknown_resource(swf_client: Any, arn: str) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    for call in (
        lambda: swf_client.list_tags_for_resource(resourceArn=arn),
        lambda: swf_client.tag_resource(resourceArn=arn, tags=[{"key": "a"}]),
        lambda: swf_client.untag_resource(resourceArn=arn, tagKeys=["a"]),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert fault_code(excinfo) == "UnknownResourceFault"


def test_malformed_arn_and_bad_tag_characters_are_validation_errors(swf_client: Any) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    with pytest.raises(ClientError) as excinfo:
        swf_client.list_tags_for_resource(resourceArn="not-an-arn")
    assert fault_code(excinfo) == "ValidationException"
    with pytest.raises(ClientError) as excinfo:
        swf_client.tag_resource(resourceArn=ARN, tags=[{"key": "bad#key"}])
    assert fault_code(excinfo) == "ValidationException"


def test_tag_key_longer_than_128_is_a_validation_error(swf_client: Any) -> None:
    swf_client.register_domain(name="d", workflowExecutionRetentionPeriodInDays="1")
    with pytest.raises(ClientError) as excinfo:
        swf_client.tag_resource(resourceArn=ARN, tags=[{"key": "k" * 129}])
    assert fault_code(excinfo) == "ValidationException"
    assert "'tags.1.member.key'" in excinfo.value.response["Error"]["Message"]


def test_deprecated_domain_keeps_its_tags(swf_client: Any) -> None:
    swf_client.register_domain(
        name="d", workflowExecutionRetentionPeriodInDays="1", tags=[{"key": "a", "value": "b"}]
    )
    swf_client.deprecate_domain(name="d")
    assert tags_of(swf_client) == [{"key": "a", "value": "b"}]
