"""The data catalogue and the schema-checked loader."""

import json
import shutil

import pandas as pd
import pytest

from lbpkit import data


@pytest.fixture
def toy_package(tmp_path, monkeypatch):
    """A one-resource data package in a temporary folder, used through LBPKIT_DATA_DIR."""
    (tmp_path / "published").mkdir()
    (tmp_path / "published" / "toy.csv").write_text("figure,value,reported\nprevalence,7.5,true\nyld,832,false\n")
    package = {
        "resources": [
            {
                "name": "toy",
                "path": "published/toy.csv",
                "title": "A toy table",
                "synthetic": False,
                "sources": [{"title": "Toy et al. 2024", "path": "https://example.org/toy"}],
                "licenses": [{"name": "CC-BY-4.0"}],
                "schema": {
                    "fields": [
                        {"name": "figure", "type": "string", "constraints": {"required": True, "enum": ["prevalence", "yld"]}},
                        {"name": "value", "type": "number", "unit": "various"},
                        {"name": "reported", "type": "boolean"},
                    ]
                },
            }
        ]
    }
    (tmp_path / "datapackage.json").write_text(json.dumps(package))
    monkeypatch.setenv("LBPKIT_DATA_DIR", str(tmp_path))
    return tmp_path


def test_catalog_describes_every_file_in_data(repo_root):
    package = json.loads((repo_root / "data" / "datapackage.json").read_text())
    described = {res["path"] for res in package["resources"]}
    on_disk = {
        str(path.relative_to(repo_root / "data"))
        for path in (repo_root / "data").rglob("*")
        if path.is_file() and path.name != "datapackage.json"
    }
    # a licence text kept beside its data file is not data, but a resource must point to it
    licence_files = {
        lic["path"] for res in package["resources"] for lic in res["licenses"] if not lic.get("path", "http").startswith("http")
    }
    assert licence_files <= on_disk, "a licence file named in datapackage.json is missing"
    assert on_disk - licence_files == described, "every file in data/ needs a resource in datapackage.json, and vice versa"


def test_every_resource_has_source_licence_synthetic_flag_and_schema(repo_root):
    package = json.loads((repo_root / "data" / "datapackage.json").read_text())
    for res in package["resources"]:
        assert res.get("title") and res.get("description"), res["name"]
        assert isinstance(res.get("synthetic"), bool), res["name"]
        assert res.get("licenses"), res["name"]
        assert res.get("sources") and all(src.get("title") for src in res["sources"]), res["name"]
        if not res["synthetic"]:
            assert all(src.get("path", "").startswith("http") for src in res["sources"]), res["name"]
        else:
            assert "synthetic" in res["path"] and "synthetic" in res["description"].lower(), res["name"]
        fields = res["schema"]["fields"]
        assert fields and all(f.get("type") in {"string", "integer", "number", "boolean"} for f in fields)
        assert all(f.get("description") for f in fields), f"{res['name']}: describe every column"


def test_every_catalogued_file_loads_with_its_source(repo_root):
    for name, row in data.catalog().iterrows():
        table = data.load(name)
        assert len(table) > 0, name
        assert table.attrs["source"] == row["source"]
        assert table.attrs["synthetic"] == row["synthetic"]


def test_load_types_columns_and_keeps_source(toy_package):
    table = data.load("toy")
    assert list(table.columns) == ["figure", "value", "reported"]
    assert table["value"].dtype == "Float64"
    assert table["reported"].tolist() == [True, False]
    assert table.attrs["source"] == "Toy et al. 2024"
    assert table.attrs["sources"][0]["path"] == "https://example.org/toy"
    catalog = data.catalog()
    assert catalog.loc["toy", "synthetic"] is False or catalog.loc["toy", "synthetic"] == False  # noqa: E712


def test_unknown_name_lists_the_known_names(toy_package):
    with pytest.raises(ValueError, match="Known names: toy"):
        data.load("tyo")


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("figure,value\nprevalence,7.5\n", r"missing column\(s\) \['reported'\]"),
        ("figure,value,reported,extra\nprevalence,7.5,true,1\n", r"unexpected column\(s\) \['extra'\]"),
        ("figure,value,reported\nprevalence,seven,true\n", "column 'value' should hold numbers, but data row 1 holds 'seven'"),
        ("figure,value,reported\nprevalence,7.5,maybe\n", "column 'reported' should hold true/false"),
        ("figure,value,reported\nincidence,7.5,true\n", "column 'figure' must be one of"),
        ("figure,value,reported\n,7.5,true\n", "column 'figure' must not be empty"),
    ],
)
def test_a_file_edited_into_a_wrong_shape_names_file_and_column(toy_package, content, fragment):
    (toy_package / "published" / "toy.csv").write_text(content)
    with pytest.raises(ValueError, match=fragment) as info:
        data.load("toy")
    assert "data/published/toy.csv" in str(info.value)


def test_integer_column_rejects_fractions(toy_package):
    package = json.loads((toy_package / "datapackage.json").read_text())
    package["resources"][0]["schema"]["fields"][1]["type"] = "integer"
    (toy_package / "datapackage.json").write_text(json.dumps(package))
    with pytest.raises(ValueError, match="whole numbers"):
        data.load("toy")


def test_missing_data_folder_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("LBPKIT_DATA_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="LBPKIT_DATA_DIR"):
        data.load("toy")


def test_non_string_name_is_a_type_error(toy_package):
    with pytest.raises(TypeError, match="name must be a string"):
        data.load(3)
