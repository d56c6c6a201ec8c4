"""Settings: every source, their precedence, and the errors they raise."""

from __future__ import annotations

import itertools
import logging
import os
from pathlib import Path

import pytest

from swf import settings
from swf.core import ConnectedSWFObject, Connection
from swf.exceptions import ConfigurationError

# Each source, able to provide a region. Ordered from highest to lowest precedence.
SOURCES = ("argument", "set", "environment", "file", "boto3")


def provide(source: str, region: str, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``source`` say that the region is ``region``."""
    if source == "set":
        settings.set(region=region)
    elif source == "environment":
        monkeypatch.setenv("AWS_DEFAULT_REGION", region)
    elif source == "file":
        (home / ".swf").write_text(f"[defaults]\nregion={region}\n")
    elif source == "boto3":
        (home / ".aws").mkdir(exist_ok=True)
        (home / ".aws" / "config").write_text(f"[default]\nregion={region}\n")


def region_seen(argument: str | None) -> str:
    connection = Connection(region=argument) if argument else Connection()
    return connection.region


@pytest.mark.parametrize(
    ("higher", "lower"),
    list(itertools.combinations(SOURCES, 2)),
    ids=lambda value: value,
)
def test_higher_source_wins_over_lower_source(
    higher: str, lower: str, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = isolated_settings
    provide(lower, "lower-1", home, monkeypatch)
    provide(higher, "higher-1", home, monkeypatch)
    argument = "higher-1" if higher == "argument" else None
    assert region_seen(argument) == "higher-1"


@pytest.mark.parametrize("source", SOURCES)
def test_each_source_alone_is_used(
    source: str, isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    provide(source, "alone-1", isolated_settings, monkeypatch)
    assert region_seen("alone-1" if source == "argument" else None) == "alone-1"


def credentials_of(connection: Connection) -> tuple[str, str]:
    frozen = connection.client._request_signer._credentials.get_frozen_credentials()
    return frozen.access_key, frozen.secret_key


def test_credentials_come_from_the_home_file(isolated_settings: Path) -> None:
    path = isolated_settings / ".swf"
    path.write_text(
        "[credentials]\naws_access_key_id=FILEKEY\naws_secret_access_key=FILESECRET\n"
        "[defaults]\nregion=eu-central-1\n"
    )
    path.chmod(0o600)
    assert credentials_of(Connection()) == ("FILEKEY", "FILESECRET")


def test_environment_credentials_win_over_the_home_file(
    isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated_settings / ".swf").write_text(
        "[credentials]\naws_access_key_id=FILEKEY\naws_secret_access_key=FILESECRET\n"
    )
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "ENVKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "ENVSECRET")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    assert credentials_of(Connection()) == ("ENVKEY", "ENVSECRET")


def test_boto3_profiles_fill_in_missing_credentials(isolated_settings: Path) -> None:
    aws = isolated_settings / ".aws"
    aws.mkdir()
    (aws / "credentials").write_text(
        "[default]\naws_access_key_id=AWSKEY\naws_secret_access_key=AWSSECRET\n"
        "[other]\naws_access_key_id=OTHERKEY\naws_secret_access_key=OTHERSECRET\n"
    )
    (aws / "config").write_text("[default]\nregion=us-east-2\n[profile other]\nregion=ap-south-1\n")
    assert credentials_of(Connection()) == ("AWSKEY", "AWSSECRET")
    settings.set(profile="other")
    other = Connection()
    assert credentials_of(other) == ("OTHERKEY", "OTHERSECRET")
    assert other.region == "ap-south-1"


def test_quickstart_region_variable_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("region", "sa-east-1")
    assert Connection().region == "sa-east-1"


def test_aws_region_variable_is_honoured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_REGION", "eu-north-1")
    assert Connection().region == "eu-north-1"


def test_endpoint_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:9")
    connection = Connection()
    assert connection.client.meta.endpoint_url == "http://127.0.0.1:9"
    # A loopback endpoint needs neither a region nor credentials.
    assert connection.region == "us-east-1"
    assert credentials_of(connection)[0]


def test_quickstart_set_then_object_talks_to_that_region() -> None:
    settings.set(aws_access_key_id="MYKEY", aws_secret_access_key="MYSECRET", region="eu-west-1")
    obj = ConnectedSWFObject()
    assert obj.region == "eu-west-1"
    assert obj.connection.client.meta.endpoint_url == "https://swf.eu-west-1.amazonaws.com"
    assert credentials_of(obj.connection) == ("MYKEY", "MYSECRET")


def test_explicit_region_wins_whatever_the_settings_say() -> None:
    settings.set(aws_access_key_id="MYKEY", aws_secret_access_key="MYSECRET", region="eu-west-1")
    obj = ConnectedSWFObject(region="us-west-2")
    assert obj.region == "us-west-2"
    assert obj.connection.client.meta.endpoint_url == "https://swf.us-west-2.amazonaws.com"


def test_set_after_a_connection_exists_gives_new_objects_a_new_client() -> None:
    settings.set(aws_access_key_id="K", aws_secret_access_key="S", region="eu-west-1")
    old = ConnectedSWFObject()
    old_client = old.connection.client
    settings.set(region="us-west-1")
    new = ConnectedSWFObject()
    assert new.region == "us-west-1"
    assert new.connection.client is not old_client
    assert old.region == "eu-west-1"
    assert old.connection.client is old_client


def test_objects_with_the_same_settings_share_one_client() -> None:
    settings.set(aws_access_key_id="K", aws_secret_access_key="S", region="eu-west-1")
    assert ConnectedSWFObject().connection.client is ConnectedSWFObject().connection.client


def test_settings_are_not_read_at_import(isolated_settings: Path) -> None:
    (isolated_settings / ".swf").write_text("[defaults]\nnonsense=1\n")
    import importlib

    import swf

    importlib.reload(swf)  # importing must not read the broken file
    with pytest.raises(ConfigurationError, match="nonsense"):
        settings.get()


def test_unknown_key_in_set_is_an_error_naming_it() -> None:
    with pytest.raises(ConfigurationError, match="regoin"):
        settings.set(regoin="eu-west-1")


def test_unknown_key_in_file_is_an_error_naming_key_and_path(tmp_path: Path) -> None:
    path = tmp_path / "swf.ini"
    path.write_text("[credentials]\naws_acess_key_id=x\n")
    with pytest.raises(ConfigurationError, match=r"aws_acess_key_id.*swf\.ini"):
        settings.from_file(path)


def test_unknown_section_in_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "swf.ini"
    path.write_text("[credential]\naws_access_key_id=x\n")
    with pytest.raises(ConfigurationError, match=r"\[credential\]"):
        settings.from_file(path)


def test_unreadable_file_is_an_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "missing.ini"
    with pytest.raises(ConfigurationError, match=r"missing\.ini"):
        settings.from_file(path)


def test_malformed_file_is_an_error_naming_the_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.ini"
    path.write_text("region = eu-west-1\n")  # no section
    with pytest.raises(ConfigurationError, match=r"broken\.ini"):
        settings.from_file(path)


def test_secrets_readable_by_others_log_a_warning(
    isolated_settings: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = isolated_settings / ".swf"
    path.write_text("[credentials]\naws_access_key_id=K\naws_secret_access_key=S\n")
    path.chmod(0o644)
    with caplog.at_level(logging.WARNING, logger="swf.settings"):
        settings.from_home()
    assert "chmod 600" in caplog.text
    caplog.clear()
    path.chmod(0o600)
    with caplog.at_level(logging.WARNING, logger="swf.settings"):
        settings.from_home()
    assert caplog.text == ""


def test_from_env_reads_only_the_documented_variables() -> None:
    environ = {
        "AWS_ACCESS_KEY_ID": "K",
        "AWS_SECRET_ACCESS_KEY": "S",
        "AWS_SESSION_TOKEN": "T",
        "AWS_REGION": "r2",
        "AWS_DEFAULT_REGION": "r1",
        "AWS_ENDPOINT_URL_SWF": "http://127.0.0.1:1",
        "AWS_PROFILE": "p",
        "UNRELATED": "x",
    }
    assert settings.from_env(environ) == {
        "aws_access_key_id": "K",
        "aws_secret_access_key": "S",
        "aws_session_token": "T",
        "region": "r1",
        "endpoint_url": "http://127.0.0.1:1",
        "profile": "p",
    }


def test_set_none_removes_a_key_and_clear_forgets_everything() -> None:
    settings.set(region="eu-west-1", profile="x")
    settings.set(profile=None)
    assert settings.get() == {"region": "eu-west-1"}
    settings.clear()
    assert settings.get() == {}


def test_connected_object_refuses_both_connection_and_overrides() -> None:
    with pytest.raises(ConfigurationError, match="region"):
        ConnectedSWFObject(connection=Connection(), region="eu-west-1")


def test_bad_endpoint_url_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="endpoint_url"):
        _ = Connection(endpoint_url="localhost:8080").settings


def test_secrets_are_hidden_in_reprs() -> None:
    connection = Connection(aws_access_key_id="K", aws_secret_access_key="VERYSECRET", region="x")
    _ = connection.settings
    assert "VERYSECRET" not in repr(connection)


def test_environment_is_not_modified() -> None:
    before = dict(os.environ)
    settings.set(region="eu-west-1")
    Connection().settings  # noqa: B018
    assert dict(os.environ) == before


def test_isolated_replaces_the_environment_and_the_home_file(
    isolated_settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (isolated_settings / ".swf").write_text("[defaults]\nregion=ap-south-1\n")
    monkeypatch.setenv("AWS_ENDPOINT_URL_SWF", "http://elsewhere.example:1")
    monkeypatch.setenv("AWS_PROFILE", "production")
    with settings.isolated(endpoint_url="http://127.0.0.1:8080", region="us-west-2"):
        assert settings.get() == {"endpoint_url": "http://127.0.0.1:8080", "region": "us-west-2"}
    assert settings.get()["endpoint_url"] == "http://elsewhere.example:1"
    assert settings.get()["region"] == "ap-south-1"


def test_set_inside_isolated_wins_and_is_undone_at_the_end() -> None:
    settings.set(region="eu-west-1")
    with settings.isolated(region="us-west-2", endpoint_url="http://127.0.0.1:8080"):
        assert settings.get()["region"] == "eu-west-1"  # set() still wins
        settings.set(region="eu-central-1", profile="dev")
        assert settings.get()["profile"] == "dev"
    assert settings.get() == {"region": "eu-west-1"}


def test_isolated_blocks_nest_and_restore_in_order() -> None:
    with settings.isolated(region="us-west-2"):
        with settings.isolated(region="eu-north-1"):
            assert settings.get() == {"region": "eu-north-1"}
        assert settings.get() == {"region": "us-west-2"}
    assert "region" not in settings.get()


def test_isolated_refuses_an_unknown_key() -> None:
    with pytest.raises(ConfigurationError, match="endpoint"):
        with settings.isolated(endpoint="http://127.0.0.1:8080"):
            pass
