"""The seed quickstart's code blocks run as written against SWF Local, and print what it shows.

The seed quickstart (the page users of the original library learnt the API from) is what
users will type. Its code blocks are kept below verbatim; each ``>>>`` statement is executed
in one namespace, in order, and where the page shows an output, the statement's repr must
match it. Between blocks the test plays what the prose describes (domains that already exist;
"changes have been made to the remote object" by another client). The page names
``DomainQuery`` and ``DEPRECATED`` without importing them; the namespace provides them.

(docs/quickstart.rst, the project's rewritten page, is run by tests/cli/test_docs.py.)
"""

from __future__ import annotations

import codeop
import re
from dataclasses import dataclass
from typing import Any

import pytest

# The code blocks of the seed's quickstart.rst, verbatim (tabs and all).
SEED_QUICKSTART = """\
.. code-block:: shell

        >>> import swf.settings
        >>> swf.settings.set(aws_access_key_id='MYAWSACCESSKEYID',
        ...                  aws_secret_access_key='MYAWSSECRETACCESSKEY',
        ...                  region='REGION')
        # And then you're good to go...
        >>> queryset = DomainQuery()
        >>> queryset.all()
        [Domain('test1'), Domain('test2')]

.. code-block:: python

    # Models resides in swf.models module
    >>> from swf.models import Domain, WorkflowType, WorkflowExecution, ActivityType

    # Once imported you're ready to create a local model instance
    >>> D = Domain(
        "my-test-domain-name",
        description="my-test-domain-description",
        retention_period=60
    )

    # a Domain model local instance has been created, but nothing has been
    # sent to amazon. To do so, you have to save it.
    >>> D.save()

.. code-block:: python

    # Exists method let's you know if you're model instance has an upstream version
    >>> D.exists
    True

    # What if changes have been made to the remote object?
    # synced  and changes methods help ensuring local and remote models
    #are still synced and which changes have been maid.
    >>> D.is_synced
    True
    >>> D.changes
    ModelDiff()

.. code-block:: python

    >>> D.is_synced
    False
    >>> D.changes
    ModelDiff(
        Difference('status', 'REGISTERED', 'DEPRECATED')
    )

    # Let's pull the upstream version
    >>> D = D.upstream()
    >>> D.is_synced
    True
    >>> D.changes
    ModelDiff()

.. code-block:: python

    # As querying for models needs a valid connection to amazon service,
    # Queryset objects cannot act as classmethods proxy and have to be instantiated;
    # most of the time against a Domain model instance
    >>> from swf.querysets import DomainQuerySet, WorkflowTypeQuerySet

    # Domain querysets can be instantiated directly
    >>> domain_qs = DomainQuerySet()
    >>> workflow_domain = domain_qs.get("MyTestDomain")  # and specific model retieved via .get method
    >>> workflow_qs = WorkflowTypeQuerySet(workflow_domain)  # queryset built against model instance example

    >>> workflow_qs.all()
    [WorkflowType("TestType1"), WorkflowType("TestType2"),]

    >>> workflow_qs.filter(status=DEPRECATED)
    [WorkflowType("DeprecatedType1"),]
"""  # noqa: E501

# The page prints workflow types as WorkflowType("TestType1") with a trailing comma in the
# list, which no repr produces; ours is WorkflowType('TestType1', '1.0'). For those outputs the
# names listed are compared.
_LOOSE = re.compile(r'WorkflowType\("([^"]+)"\)')


@dataclass
class Example:
    source: str
    expected: str | None
    line: int


def code_blocks(text: str) -> list[list[Example]]:
    """The ``>>>`` examples of every code block, block by block."""
    blocks: list[list[Example]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        if not lines[index].strip().startswith(".. code-block::"):
            index += 1
            continue
        index += 1
        body: list[tuple[int, str]] = []
        while index < len(lines) and (not lines[index].strip() or lines[index][:1].isspace()):
            body.append((index + 1, lines[index].strip()))
            index += 1
        examples = _examples(body)
        if examples:
            blocks.append(examples)
    return blocks


def _examples(body: list[tuple[int, str]]) -> list[Example]:
    examples: list[Example] = []
    position = 0
    while position < len(body):
        number, line = body[position]
        if not line.startswith(">>>"):
            position += 1
            continue
        source = [line[4:]]
        position += 1
        while codeop.compile_command("\n".join(source) + "\n", symbol="single") is None:
            continuation = body[position][1]
            source.append(continuation[4:] if continuation.startswith("...") else continuation)
            position += 1
        output: list[str] = []
        while position < len(body):
            text = body[position][1]
            if not text or text.startswith((">>>", "#")):
                break
            output.append(text)
            position += 1
        examples.append(Example("\n".join(source), "\n".join(output) or None, number))
    return examples


def run(examples: list[Example], namespace: dict[str, Any]) -> None:
    for example in examples:
        code = compile(example.source, f"quickstart.rst:{example.line}", "single")
        if example.expected is None:
            exec(code, namespace)
            continue
        value = eval(compile(example.source, f"quickstart.rst:{example.line}", "eval"), namespace)
        expected_names = _LOOSE.findall(example.expected)
        if expected_names:
            assert [item.name for item in value] == expected_names, example
            continue
        shown = "\n".join(line.strip() for line in repr(value).splitlines())
        assert shown == example.expected, f"line {example.line}: {example.source}"


def test_the_page_has_the_blocks_this_test_plays() -> None:
    blocks = code_blocks(SEED_QUICKSTART)
    assert [len(block) for block in blocks] == [4, 3, 3, 5, 6]


def test_quickstart_code_blocks_run_as_written(
    swf_endpoint_url: str, swf_client: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from swf.constants import DEPRECATED
    from swf.querysets import DomainQuery

    blocks = code_blocks(SEED_QUICKSTART)
    # "Settings are found in ... environment variables": the endpoint of SWF Local is one.
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", swf_endpoint_url)
    for name in ("test1", "test2"):
        swf_client.register_domain(name=name, workflowExecutionRetentionPeriodInDays="1")
    namespace: dict[str, Any] = {"DomainQuery": DomainQuery, "DEPRECATED": DEPRECATED}

    settings_block, create_block, synced_block, resync_block, querysets_block = blocks
    run(settings_block, namespace)
    run(create_block, namespace)
    run(synced_block, namespace)

    # "What if changes have been made to the remote object?" Another client deprecates it.
    swf_client.deprecate_domain(name="my-test-domain-name")
    run(resync_block, namespace)

    swf_client.register_domain(name="MyTestDomain", workflowExecutionRetentionPeriodInDays="1")
    for name in ("TestType1", "TestType2", "DeprecatedType1"):
        swf_client.register_workflow_type(domain="MyTestDomain", name=name, version="1.0")
    swf_client.deprecate_workflow_type(
        domain="MyTestDomain", workflowType={"name": "DeprecatedType1", "version": "1.0"}
    )
    run(querysets_block, namespace)

    domain = namespace["D"]
    assert (domain.description, domain.retention_period) == ("my-test-domain-description", 60)
