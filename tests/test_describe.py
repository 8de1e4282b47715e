"""describe: the numbers a user checks first, and sanity checks that can fail."""

from __future__ import annotations

import json

from click.testing import CliRunner

from civic_accountability import __version__
from civic_accountability.cli import cli


def test_version_option():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and __version__ in result.output


def test_describe_bundled_counts_tables_authorities_and_frameworks():
    result = CliRunner().invoke(cli, ["describe", "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["version"] == __version__ and doc["valid"] is True
    assert set(doc["rows"]) == {
        "sources",
        "authorities",
        "inspections",
        "judgements",
        "recommendations",
        "statements",
        "statistical_neighbours",
        "themes",
        "recommendation_themes",
        "recommendation_repeats",
    }
    assert doc["inspections_by_local_authority"]["Swindon"] >= 6
    assert doc["local_authorities"] >= 150
    # counted per authority as the record groups them: two councils named "Dorset" stay two
    assert {"Dorset (dorset)", "Dorset (dorset-county)"} <= set(doc["inspections_by_local_authority"])
    assert sum(doc["inspections_by_local_authority"].values()) == doc["rows"]["inspections"]
    assert all(check["ok"] for check in doc["sanity_checks"])
    assert CliRunner().invoke(cli, ["describe", "--check"]).exit_code == 0


def test_describe_text_and_failing_sanity_checks(package):
    result = CliRunner().invoke(cli, ["describe", str(package)])
    assert result.exit_code == 0
    assert "Exampleshire" in result.output and "rows per table" in result.output
    failed = CliRunner().invoke(cli, ["describe", str(package), "--check"])
    assert failed.exit_code == 1 and "FAIL" in failed.output


def test_describe_unreadable_package_exits_2(tmp_path):
    assert CliRunner().invoke(cli, ["describe", str(tmp_path)]).exit_code == 2
