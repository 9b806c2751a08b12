"""Every published figure can be followed to its primary record (issue 12).

Each row of data/published/ names the work it comes from by a primary identifier (DOI, PubMed ID,
registry id, ISBN or an official address), the record that shows that identifier with the title,
where the figure was actually read (read_at) and what that copy is (source_type). Where no
identifier exists the row says why. The expected DOIs come from shared/reference/primary_citations.md,
never from the data under test.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from lbpkit.data import catalog, datapackage, identifier_url, load

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "primary_citations.md"
PUBLISHED = [name for name, row in catalog().iterrows() if not row["synthetic"] and row["path"].startswith("published/")]
SOURCE_TYPES = {"paper", "abstract", "registry record", "official statistic", "guideline", "report",
                "news report", "secondary summary", "teaching material", "not reported"}
ID_FORMS = [
    re.compile(r"doi:10\.\d{4,9}/\S+"),
    re.compile(r"pmid:\d{1,9}"),
    re.compile(r"pmcid:PMC\d+"),
    re.compile(r"NCT\d{8}"),
    re.compile(r"isbn:(97[89]-)?[\d-]{9,}[\dX]"),
    re.compile(r"https://\S+"),
]
# Copies a reader cannot rely on (issue 12, point 2): bare IP addresses, search-engine caches and
# document-sharing sites.
DOCUMENT_SHARING = ("yumpu.com", "docplayer.", "fdocuments.", "fdokumen.", "scribd.com", "readkong.com",
                    "123dok.", "docobook.com", "studylib.net", "dokumen.tips", "doczz.net", "9pdf.net", "kipdf.com")
CACHE = ("cc.bingj.com", "webcache.googleusercontent.com", "cache.aspx")
DOI_IN_TEXT = re.compile(r"\b10\.\d{4,9}/[^\s;,]+")


def untrusted(address: str) -> bool:
    host = urlparse(address).hostname or ""
    return (
        bool(re.fullmatch(r"\d{1,3}(\.\d{1,3}){3}", host))
        or any(mark in address for mark in CACHE)
        or any(host.endswith(site) or site in host for site in DOCUMENT_SHARING)
    )


def _rows():
    for name in PUBLISHED:
        table = load(name)
        text = [c for c in ("source", "source_title", "read_at", "source_type", "primary_id", "id_verified_by", "no_id_reason") if c in table]
        table = table[text].fillna("")
        for index, row in table.iterrows():
            yield name, index, row


def _citation_column(row) -> str:
    return row.get("source", "") or row.get("source_title", "")


# --- the sheet of record -------------------------------------------------------------------------
_LOCATOR = re.compile(r"((?:19|20)\d\d);[^:|]*:\s*([A-Za-z]*\d+)")


def works_of_record(text: str) -> list[dict]:
    """(first author, year, first page or article number, DOI) for each work of primary_citations.md."""
    works = []
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        doi = next((m.group(0).rstrip(".") for cell in cells[-1:] for m in [DOI_IN_TEXT.search(cell)] if m), None)
        citation = cells[-2] if len(cells) >= 2 else ""
        locator = _LOCATOR.search(citation)
        if not doi or not locator:
            continue
        works.append({"author": re.split(r"[\s,]", citation)[0], "year": locator.group(1),
                      "locator": locator.group(2), "doi": doi})
    main = re.search(r"\*\*(.+?)\*\*\s*(.+?)\n\s*doi:(\S+)", text, re.S)
    if main:
        locator = _LOCATOR.search(main.group(2))
        works.append({"author": text.split("\n## The study the kit re-analyses\n", 1)[1].split()[0],
                      "year": locator.group(1), "locator": locator.group(2), "doi": main.group(3)})
    return works


def cites(citation: str, work: dict) -> bool:
    return (
        re.search(rf"\b{re.escape(work['author'])}\b", citation, re.I) is not None
        and work["year"] in citation
        and re.search(rf"[:\s]{re.escape(work['locator'])}\b", citation) is not None
    )


def disagreements(citation: str, ids: str, works: list[dict]) -> list[str]:
    """What is wrong with one citation string and the identifiers given for it ('' if nothing)."""
    problems = []
    for work in works:
        if cites(citation, work) and f"doi:{work['doi']}" not in ids.split():
            problems.append(f"cites {work['author']} {work['year']} but lacks doi:{work['doi']}")
    for doi in DOI_IN_TEXT.findall(citation):
        if f"doi:{doi.rstrip('.')}" not in ids.split():
            problems.append(f"names DOI {doi} that is not among its identifiers")
    return problems


@pytest.fixture(scope="module")
def record_works():
    if not REFERENCE.exists():
        pytest.skip("shared/reference/ is not beside this checkout")
    works = works_of_record(REFERENCE.read_text(encoding="utf-8"))
    assert len(works) >= 12, "primary_citations.md should yield the FLAReS paper, its protocol and the works of its table"
    return works


# --- rows ---------------------------------------------------------------------------------------
def test_every_row_has_a_primary_identifier_or_says_why():
    missing = [f"{name}[{i}]" for name, i, row in _rows() if not row["primary_id"] and not row["no_id_reason"]]
    assert not missing, f"rows with neither a primary identifier nor a reason: {missing}"


def test_identifiers_are_well_formed_and_named_with_their_record():
    bad = []
    for name, i, row in _rows():
        for token in row["primary_id"].split():
            if not any(form.fullmatch(token) for form in ID_FORMS):
                bad.append(f"{name}[{i}] {token!r}")
        if row["primary_id"] and not row["id_verified_by"]:
            bad.append(f"{name}[{i}] names no record that verified its identifier")
    assert not bad, bad


def test_each_address_read_has_its_source_type():
    bad = []
    for name, i, row in _rows():
        addresses, kinds = row["read_at"].split(), row["source_type"].split("; ")
        if not set(kinds) <= SOURCE_TYPES:
            bad.append(f"{name}[{i}] unknown source_type {row['source_type']!r}")
        if not addresses and kinds != ["not reported"]:
            bad.append(f"{name}[{i}] has a figure but no read_at")
        if any(not a.startswith(("https://", "http://")) for a in addresses) or len(set(kinds)) > max(len(addresses), 1):
            bad.append(f"{name}[{i}] read_at/source_type do not pair up")
    assert not bad, bad


def test_no_untrusted_copy_is_the_only_source_of_a_row():
    only_untrusted = [
        f"{name}[{i}] {row['read_at']}"
        for name, i, row in _rows()
        if row["read_at"] and all(untrusted(a) for a in row["read_at"].split()) and not row["primary_id"]
    ]
    assert not only_untrusted, f"rows resting only on a bare IP, cache or document-sharing copy: {only_untrusted}"


def test_untrusted_class_is_recognised():
    assert untrusted("http://47.251.13.51:8081/25665074")
    assert untrusted("https://www.yumpu.com/no/document/view/14598082/x")
    assert untrusted("https://cc.bingj.com/cache.aspx?q=x")
    assert not untrusted("https://pubmed.ncbi.nlm.nih.gov/25665074/")


def test_flares_figures_read_in_news_reports_are_marked_as_news():
    # the JAMA full text was not available: every published OR was read in a news report
    table = load("flares_published_or")
    reported = table[table["reported"]]
    assert reported["source_type"].str.contains("news report").all()
    assert (reported["primary_id"] == "doi:10.1001/jamanetworkopen.2025.47915").all()


def test_citation_strings_agree_with_the_sheet_of_record(record_works):
    problems = [
        f"{name}[{i}]: {problem}"
        for name, i, row in _rows()
        for problem in disagreements(_citation_column(row), row["primary_id"], record_works)
    ]
    assert not problems, problems


def test_the_agreement_check_catches_a_wrong_doi(record_works):
    citation = "Driscoll T et al. Ann Rheum Dis 2014;73:975-981"
    assert disagreements(citation, "doi:10.1136/annrheumdis-2013-204631", record_works) == []
    assert disagreements(citation, "doi:10.1136/annrheumdis-2013-204428", record_works)
    assert disagreements("Eur J Pain, doi 10.1002/j.1532-2149.2012.00170.x", "pmid:1", record_works)


# --- datapackage.json ------------------------------------------------------------------------------
def test_each_resource_lists_the_dois_of_its_rows_as_sources():
    resources = {res["name"]: res for res in datapackage()["resources"]}
    missing = []
    for name in PUBLISHED:
        paths = {src["path"] for src in resources[name]["sources"]}
        dois = {t for ids in load(name)["primary_id"].dropna() for t in ids.split() if t.startswith("doi:")}
        first = {ids.split()[0] for ids in load(name)["primary_id"].dropna() if ids}
        missing += [f"{name}: {d}" for d in sorted(dois & first) if identifier_url(d) not in paths]
    assert not missing, f"DOIs used by rows but not listed in the resource's sources: {missing}"


def test_source_titles_agree_with_the_sheet_of_record(record_works):
    problems = []
    for res in datapackage()["resources"]:
        if res["name"] not in PUBLISHED:
            continue
        listed = " ".join(f"doi:{src['path'].removeprefix('https://doi.org/')}" for src in res["sources"])
        for src in res["sources"]:
            problems += [f"{res['name']}: {p}" for p in disagreements(src["title"], listed, record_works)]
            if untrusted(src["path"]):
                assert "ISBN" in src["title"] or "doi:" in src["title"], f"{res['name']}: {src['path']} is an untrusted copy"
    assert not problems, problems


# --- lbpkit.data.identifier_url --------------------------------------------------------------------
@pytest.mark.parametrize(
    "identifier, url",
    [
        ("doi:10.1002/acr.22533", "https://doi.org/10.1002/acr.22533"),
        ("pmid:25665074", "https://pubmed.ncbi.nlm.nih.gov/25665074/"),
        ("pmcid:PMC3133813", "https://pmc.ncbi.nlm.nih.gov/articles/PMC3133813/"),
        ("NCT04828330", "https://clinicaltrials.gov/study/NCT04828330"),
        ("isbn:978-82-303-2311-3", None),
        ("https://www.nav.no/x", "https://www.nav.no/x"),
    ],
)
def test_identifier_url(identifier, url):
    assert identifier_url(identifier) == url


@pytest.mark.parametrize("bad", ["10.1002/acr.22533", "doi:", "NCT123", "PMID 25665074"])
def test_identifier_url_rejects_what_is_not_an_identifier(bad):
    with pytest.raises(ValueError, match="not a primary identifier"):
        identifier_url(bad)


def test_every_identifier_in_the_data_has_a_form_identifier_url_accepts():
    tokens = {t for _, _, row in _rows() for t in row["primary_id"].split()}
    assert tokens and all(identifier_url(t) is None or identifier_url(t).startswith("https://") for t in tokens)
