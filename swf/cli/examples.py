"""One example per ``swf`` command, shown at the end of its ``--help``.

Kept in one place so that every command has one (a test walks the command tree) and so that
they read as one consistent set: the ``shop`` domain and its ``order`` workflow, as in the docs.
"""

from __future__ import annotations

import click

__all__ = ["EXAMPLES", "add_examples"]

EXAMPLES: dict[str, str] = {
    "swf": "swf demo\nswf --endpoint-url http://127.0.0.1:8080 domain list",
    "swf local": "swf local serve --port 8080 --db swf.sqlite3",
    "swf local serve": (
        "swf local serve --port 8080 --db swf.sqlite3 &\n"
        "export AWS_ENDPOINT_URL_SWF=http://127.0.0.1:8080"
    ),
    "swf domain": "swf domain register shop --retention-days 7",
    "swf domain list": "swf domain list --status deprecated --json",
    "swf domain describe": "swf domain describe shop",
    "swf domain register": "swf domain register shop --retention-days 7 --description 'The shop'",
    "swf domain deprecate": "swf domain deprecate shop",
    "swf domain undeprecate": "swf domain undeprecate shop",
    "swf workflow-type": "swf workflow-type list -d shop",
    "swf workflow-type list": "swf workflow-type list -d shop --name order",
    "swf workflow-type describe": "swf workflow-type describe -d shop order 1",
    "swf workflow-type register": (
        "swf workflow-type register -d shop order 1 --task-list deciders \\\n"
        "    --execution-timeout 1h --task-timeout 30s --child-policy TERMINATE"
    ),
    "swf workflow-type deprecate": "swf workflow-type deprecate -d shop order 1",
    "swf workflow-type undeprecate": "swf workflow-type undeprecate -d shop order 1",
    "swf workflow-type delete": "swf workflow-type delete -d shop order 1",
    "swf activity-type": "swf activity-type list -d shop",
    "swf activity-type list": "swf activity-type list -d shop --name charge",
    "swf activity-type describe": "swf activity-type describe -d shop charge 1",
    "swf activity-type register": (
        "swf activity-type register -d shop charge 1 --task-list workers \\\n"
        "    --schedule-to-start-timeout 10m --start-to-close-timeout 5m \\\n"
        "    --schedule-to-close-timeout 15m --heartbeat-timeout NONE"
    ),
    "swf activity-type deprecate": "swf activity-type deprecate -d shop charge 1",
    "swf activity-type undeprecate": "swf activity-type undeprecate -d shop charge 1",
    "swf activity-type delete": "swf activity-type delete -d shop charge 1",
    "swf execution": "swf execution list -d shop --status all",
    "swf execution list": "swf execution list -d shop --status closed --close-status failed",
    "swf execution describe": "swf execution describe -d shop order-42",
    "swf execution start": (
        'swf execution start -d shop order 1 --workflow-id order-42 --input \'{"sku": "TEA-42"}\''
    ),
    "swf execution signal": (
        'swf execution signal -d shop order-42 approved --input \'{"by": "me"}\''
    ),
    "swf execution cancel": "swf execution cancel -d shop order-42",
    "swf execution terminate": "swf execution terminate -d shop order-42 --reason 'stuck'",
    "swf execution history": "swf execution history -d shop order-42 --follow",
    "swf execution timeline": "swf execution timeline -d shop order-42",
    "swf decider": "swf decider start myapp.flows:OrderDecider -d shop --task-list deciders",
    "swf decider start": "swf decider start myapp.flows:OrderDecider -d shop --task-list deciders",
    "swf worker": "swf worker start myapp.tasks:ChargeWorker -d shop --task-list workers",
    "swf worker start": (
        "swf worker start myapp.tasks:ChargeWorker -d shop --task-list workers -N 4 --processes"
    ),
    "swf demo": "swf demo\nswf --endpoint-url http://127.0.0.1:8080 demo",
    "swf flow": "swf flow run myapp.flows -d shop",
    "swf flow run": "swf flow run myapp.flows -d shop --activity-threads 4",
    "swf flow replay": "swf flow replay myapp.flows:Order order-42.json",
    "swf ui": "swf --endpoint-url http://127.0.0.1:8080 ui\nswf --region eu-west-1 ui --read-only",
}


def add_examples(command: click.Command, path: str = "swf") -> None:
    """Set the ``--help`` epilog of ``command`` and of every sub-command from :data:`EXAMPLES`."""
    example = EXAMPLES.get(path)
    if example is not None and command.epilog is None:
        lines = "\n".join(f"  {line}" for line in example.splitlines())
        label = "Examples" if "\n" in example and "\\" not in example else "Example"
        # \b keeps click from re-wrapping the example.
        command.epilog = f"\b\n{label}:\n{lines}"
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            add_examples(sub, f"{path} {name}")
