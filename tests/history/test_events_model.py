"""The event classes match botocore's SWF model: one per ``EventType``, fields from members."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from swf.history import EVENT_TYPES, Event, events


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _attribute_shapes(swf_model: Any) -> dict[str, Any]:
    members = swf_model.shape_for("HistoryEvent").members
    return {key: shape for key, shape in members.items() if key.endswith("EventAttributes")}


def test_there_is_one_class_per_event_type_in_botocores_enum(swf_model: Any) -> None:
    enum = swf_model.shape_for("EventType").enum
    assert len(enum) == 54
    assert set(EVENT_TYPES) == set(enum)
    for name, cls in EVENT_TYPES.items():
        assert cls.__name__ == name
        assert cls.EVENT_TYPE == name
        assert getattr(events, name) is cls


def test_each_class_reads_the_attributes_key_botocore_names(swf_model: Any) -> None:
    shapes = _attribute_shapes(swf_model)
    assert {cls.ATTRIBUTES_KEY for cls in EVENT_TYPES.values()} == set(shapes)


def test_each_class_has_a_snake_case_field_per_member_required_ones_without_default(
    swf_model: Any,
) -> None:
    renamed = {"id": "function_id", "name": "function_name"}
    base = {field.name for field in dataclasses.fields(Event)}
    for key, shape in _attribute_shapes(swf_model).items():
        cls = next(c for c in EVENT_TYPES.values() if c.ATTRIBUTES_KEY == key)
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in base}
        expected = {renamed.get(member, _snake(member)) for member in shape.members}
        assert set(fields) == expected, cls.__name__
        for member in shape.required_members:
            field = fields[renamed.get(member, _snake(member))]
            assert field.default is dataclasses.MISSING, (cls.__name__, member)
