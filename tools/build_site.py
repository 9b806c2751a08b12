"""Build the offline HTML version of the kit into ``_build/html/`` (``make html``).

Usage:
    python tools/build_site.py              # writes _build/html/index.html and one page per notebook
    python tools/build_site.py --out DIR    # somewhere else (the tests build into a temp folder)

Why these choices:

- **nbconvert, not Jupyter Book.** nbconvert comes with JupyterLab, so the build needs nothing
  beyond one small extra package, no Node toolchain and no Sphinx theme; it renders the committed
  outputs and never re-executes a notebook (nbval already proves they run).
- **MathJax from PyPI.** nbconvert loads MathJax from a CDN, which does not work offline. The
  package ``jupyter-server-mathjax`` (the ``docs`` extra) vendors MathJax 2.7 with its combined
  TeX + HTML-CSS configuration and the STIX-Web fonts; its files are copied to ``_static/mathjax``
  and loaded by relative paths, so every page opens from disk, with no server (checked in Chromium
  from ``file://`` by tests/browser/test_site_browser.py).
- **No other network scripts.** require.js, the widget renderer and mermaid (CDN scripts in
  nbconvert's ``lab`` template) are left out: a widget's view is replaced by a note saying how to
  use it in JupyterLab, since a static page has no kernel to answer a slider anyway.
- **Links.** Notebook and docs links are written for JupyterLab and GitHub
  (``../docs/glossary.md#hazard-period``, ``03_case_crossover_logic.ipynb``); the build rewrites them
  to the site's flat pages (``glossary.html#hazard-period``, ``03_case_crossover_logic.html``) and
  copies any other linked repository file (a CSV, an image) into ``_files/``. Links it cannot resolve
  are reported (and fail ``tests/test_site.py``).
- **Solutions** (``%%solution`` cells, tagged ``solution``): their stored output is already a closed
  ``<details>`` holding the code and its result (lbpkit/exercises/solutions.py), so the page shows that
  fold and leaves out the cell's hidden input. Results after an exercise (``%%after_answering``)
  are stored folded too; they keep their input.
- **The version.** Every page names the kit's version (``lbpkit.__version__``, read from the
  source being built) and links the changelog, so a reader can tell which copy they have.
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import nbformat
from jinja2 import DictLoader
from nbconvert import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "_build" / "html"
MARKER = ".lbpkit-site"  # marks a folder this script built, so a rebuild may empty it
MATHJAX_DIR = "_static/mathjax"
SITE_TITLE = "Low back pain case-crossover teaching kit"
_EXTERNAL = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*:|//)")
_LINK_ATTR = re.compile(r'\b(href|src)="([^"]*)"')

# MathJax 2 reads ``window.MathJax`` as its configuration when it starts. jupyter-server-mathjax
# ships the combined TeX/MathML + HTML-CSS configuration and the STIX-Web fonts (no TeX fonts, no
# image fonts), so those are the ones named here.
_MATHJAX_HEAD = """<script>
window.MathJax = {{
  TeX: {{equationNumbers: {{autoNumber: "AMS", useLabelIds: true}}}},
  tex2jax: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]],
            displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]],
            processEscapes: true, processEnvironments: true}},
  "HTML-CSS": {{availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null,
               linebreaks: {{automatic: true}}}},
  displayAlign: "center",
  messageStyle: "none"
}};
</script>
<script src="{prefix}{mathjax}/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"></script>
"""

_NOTEBOOK_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{% block jupyter_widgets %}{% endblock jupyter_widgets %}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_js_mathjax -%}
@@KIT_HEAD@@
{%- endblock html_head_js_mathjax -%}
{% block input_group %}
{%- if 'solution' not in cell.metadata.get('tags', []) -%}
{{ super() }}
{%- endif -%}
{%- endblock input_group %}
{%- block data_widget_view scoped %}
<div class="jp-OutputArea-output kit-widget-note">Interactive widget: it works when the notebook
runs in JupyterLab (<code>make lab</code>); a static page has no Python kernel behind it.</div>
{%- endblock data_widget_view -%}
"""

_CSS = """
.kit-nav { font-family: system-ui, sans-serif; font-size: 0.95em; padding: 0.6em 1em;
  border-bottom: 1px solid #ccc; background: #f6f8fa; display: flex; gap: 1.2em; flex-wrap: wrap; }
.kit-nav a { text-decoration: none; }
.kit-nav .kit-spacer { flex: 1; }
.kit-nav .kit-version { color: #555; margin-left: auto; }
.kit-page { max-width: 60em; margin: 1.5em auto; padding: 0 1em; font-family: system-ui, sans-serif;
  line-height: 1.5; }
.kit-page table { border-collapse: collapse; }
.kit-page th, .kit-page td { border: 1px solid #ccc; padding: 0.3em 0.6em; vertical-align: top; }
.kit-page th { background: #f0f0f0; }
.kit-page td ul { margin: 0; padding-left: 1.2em; }
table.kit-path { width: 100%; table-layout: fixed; }
table.kit-path th:nth-child(1) { width: 30%; }
table.kit-path th:nth-child(2) { width: 46%; }
table.kit-path th:nth-child(3) { width: 12%; }
table.kit-path th:nth-child(4) { width: 12%; }
table.kit-path code { word-break: break-all; }
.kit-widget-note { border-left: 4px solid #888; background: #f4f4f4; padding: 0.5em 0.8em;
  font-family: system-ui, sans-serif; }
a.anchor-link { text-decoration: none; margin-left: 0.3em; visibility: hidden; }
:hover > a.anchor-link { visibility: visible; }
details.lbpkit-solution, details.lbpkit-after-answering { font-family: system-ui, sans-serif; }
"""


@dataclass
class SiteReport:
    """What :func:`build_site` wrote, and the links it could not resolve."""

    out_dir: Path
    pages: dict[str, str] = field(default_factory=dict)  # source path (repo-relative) -> page name
    unresolved: list[tuple[str, str]] = field(default_factory=list)  # (page, href)
    copied: list[str] = field(default_factory=list)  # repository files copied into _files/


@dataclass(frozen=True)
class NotebookInfo:
    path: Path
    title: str
    objectives: list[str]
    prerequisites: list[str]
    minutes: dict[str, int]

    @property
    def page(self) -> str:
        return self.path.stem + ".html"


def slugify(text: str) -> str:
    """GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens.

    >>> slugify("Hazard period")
    'hazard-period'
    >>> slugify("Odds ratio (OR), pair-matched")
    'odds-ratio-or-pair-matched'
    """
    text = re.sub(r"<[^>]+>", "", html.unescape(text)).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


class _DocRenderer(IPythonRenderer):
    """nbconvert's renderer (maths kept for MathJax) with GitHub-style heading ids."""

    def heading(self, text: str, level: int, **attrs) -> str:
        anchor = slugify(text)
        return (
            f'<h{level} id="{anchor}">{text}<a class="anchor-link" href="#{anchor}">¶</a></h{level}>\n'
        )


def markdown_to_html(source: str) -> str:
    """Render Markdown with maths left for MathJax and GitHub heading anchors."""
    return MarkdownWithMath(renderer=_DocRenderer(escape=False)).render(source)


def mathjax_source() -> Path:
    """The folder of MathJax files shipped by ``jupyter-server-mathjax``."""
    try:
        import jupyter_server_mathjax
    except ImportError as error:  # pragma: no cover - depends on the environment
        raise RuntimeError(
            "The offline site needs MathJax from the package jupyter-server-mathjax: "
            'run `pip install -e ".[docs]"` (or simply `make html`).'
        ) from error
    folder = Path(jupyter_server_mathjax.__file__).parent / "static"
    if not (folder / "MathJax.js").is_file():
        raise RuntimeError(f"MathJax.js not found in {folder}; reinstall jupyter-server-mathjax.")
    return folder


def read_notebook_info(path: Path) -> NotebookInfo:
    """Title, objectives, prerequisites and minutes from a notebook's front matter."""
    notebook = nbformat.read(path, as_version=4)
    first = notebook.cells[0].source if notebook.cells else ""
    title = next((line[2:].strip() for line in first.splitlines() if line.startswith("# ")), path.stem)
    meta = notebook.metadata.get("lbpkit", {})
    return NotebookInfo(
        path=path,
        title=title,
        objectives=list(meta.get("objectives", [])),
        prerequisites=list(meta.get("prerequisites", [])),
        minutes=dict(meta.get("minutes", {})),
    )


def kit_version(root: Path) -> str | None:
    """``__version__`` of the ``lbpkit`` in ``root`` (read from its source, not imported); None
    when ``root`` holds no ``lbpkit``."""
    init = Path(root) / "lbpkit" / "__init__.py"
    if not init.is_file():
        return None
    source = init.read_text(encoding="utf-8")
    found = re.search(r"""^__version__\s*=\s*["']([^"']+)["']""", source, flags=re.M)
    if not found:
        raise ValueError(f"No __version__ = '...' line in {root}/lbpkit/__init__.py.")
    return found.group(1)


def _doc_title(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return path.stem.replace("_", " ").capitalize()


class _Site:
    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root = root.resolve()
        self.out = out_dir
        self.report = SiteReport(out_dir=out_dir)
        self.notebooks = [read_notebook_info(p) for p in sorted((self.root / "notebooks").glob("*.ipynb"))]
        self.docs = sorted((self.root / "docs").glob("*.md"))
        # Every repository file that becomes a page, mapped to its page name.
        self.page_of: dict[Path, str] = {info.path.resolve(): info.page for info in self.notebooks}
        for doc in self.docs:
            self.page_of[doc.resolve()] = doc.stem + ".html"
        self.version = kit_version(self.root)
        self.toplevel = {"README.md": "readme.html", "CHANGELOG.md": "changelog.html"}
        for name, page in self.toplevel.items():
            if (self.root / name).is_file():
                self.page_of[(self.root / name).resolve()] = page
        names = list(self.page_of.values())
        clashes = {name for name in names if names.count(name) > 1 or name == "index.html"}
        if clashes:
            raise ValueError(f"Two sources would write the same page {sorted(clashes)}: rename one of them.")

    # -- links ---------------------------------------------------------------------------------
    def rewrite_links(self, text: str, source: Path, page: str) -> str:
        """Point links at the site's pages; copy other linked repository files into _files/."""

        def replace(match: re.Match) -> str:
            attr, value = match.group(1), html.unescape(match.group(2))
            if not value or value.startswith(("#", "_static/")) or _EXTERNAL.match(value):
                return match.group(0)
            target, _, fragment = value.partition("#")
            resolved = (source.parent / unquote(target)).resolve()
            new = self._site_target(resolved)
            if new is None:
                self.report.unresolved.append((page, value))
                return match.group(0)
            if fragment:
                new += "#" + fragment
            return f'{attr}="{html.escape(new, quote=True)}"'

        return _LINK_ATTR.sub(replace, text)

    def _site_target(self, resolved: Path) -> str | None:
        if resolved in self.page_of:
            return self.page_of[resolved]
        if resolved == self.root / "notebooks" or resolved == self.root:
            return "index.html"
        if not resolved.is_file() or not resolved.is_relative_to(self.root):
            return None
        relative = resolved.relative_to(self.root).as_posix()
        if relative.startswith((".", "_build/")) or "/." in relative:
            return None
        destination = self.out / "_files" / relative
        if not destination.exists():
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(resolved, destination)
            self.report.copied.append(relative)
        return f"_files/{relative}"

    # -- page frame ----------------------------------------------------------------------------
    def nav(self, current: str) -> str:
        items = ['<a href="index.html">Home: the learning path</a>']
        for doc in self.docs:
            items.append(f'<a href="{doc.stem}.html">{html.escape(_doc_title(doc))}</a>')
        pages = [info.page for info in self.notebooks]
        if current in pages:
            index = pages.index(current)
            items.append('<span class="kit-spacer"></span>')
            if index > 0:
                items.append(f'<a href="{pages[index - 1]}" rel="prev">← {pages[index - 1][:-5]}</a>')
            if index + 1 < len(pages):
                items.append(f'<a href="{pages[index + 1]}" rel="next">{pages[index + 1][:-5]} →</a>')
        changes = ' (<a href="changelog.html">changes</a>)' if (self.root / "CHANGELOG.md").is_file() else ""
        if self.version:
            items.append(f'<span class="kit-version">kit version {html.escape(self.version)}{changes}</span>')
        return '<nav class="kit-nav">' + "".join(items) + "</nav>"

    def head_extras(self) -> str:
        return _MATHJAX_HEAD.format(prefix="", mathjax=MATHJAX_DIR) + (
            '<link rel="stylesheet" href="_static/kit.css">\n'
        )

    def simple_page(self, title: str, body: str, page: str) -> str:
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
            f"<title>{html.escape(title)}</title>\n{self.head_extras()}</head>\n<body>\n"
            f'{self.nav(page)}\n<main class="kit-page">\n{body}\n</main>\n</body>\n</html>\n'
        )

    # -- pages ---------------------------------------------------------------------------------
    def write(self, page: str, text: str, source: Path | None) -> None:
        (self.out / page).write_text(text, encoding="utf-8")
        key = source.relative_to(self.root).as_posix() if source else page
        self.report.pages[key] = page

    def build_notebooks(self) -> None:
        template = _NOTEBOOK_TEMPLATE.replace("@@KIT_HEAD@@", self.head_extras())
        exporter = HTMLExporter(
            template_name="lab",
            extra_loaders=[DictLoader({"kit.html.j2": template})],
            template_file="kit.html.j2",
        )
        for info in self.notebooks:
            notebook = nbformat.read(info.path, as_version=4)
            notebook.metadata["title"] = info.title
            body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": info.path.stem}})
            body = self.rewrite_links(body, info.path, info.page)
            body = body.replace("<main>", f"{self.nav(info.page)}\n<main>", 1)
            self.write(info.page, body, info.path)

    def build_docs(self) -> None:
        sources = [*self.docs]
        sources += [self.root / name for name in self.toplevel if (self.root / name).is_file()]
        for path in sources:
            page = self.page_of[path.resolve()]
            body = markdown_to_html(path.read_text(encoding="utf-8"))
            body = self.rewrite_links(body, path, page)
            self.write(page, self.simple_page(_doc_title(path), body, page), path)

    def build_index(self) -> None:
        rows = []
        for info in self.notebooks:
            objectives = "".join(f"<li>{_inline(item)}</li>" for item in info.objectives)
            prerequisites = ", ".join(
                f'<a href="{Path(p).stem}.html">{html.escape(Path(p).stem.split("_", 1)[0])}</a>'
                if (self.root / "notebooks" / Path(p).with_suffix(".ipynb").name).is_file()
                else html.escape(p)
                for p in info.prerequisites
            ) or "none"
            minutes = info.minutes
            time = (
                f"{minutes['teaching']} min teaching + {minutes['exercises']} min exercises"
                if {"teaching", "exercises"} <= minutes.keys()
                else "not stated"
            )
            rows.append(
                f'<tr><td><a href="{info.page}">{html.escape(info.title)}</a><br>'
                f"<code>{html.escape(info.path.name)}</code></td><td><ul>{objectives}</ul></td>"
                f"<td>{prerequisites}</td><td>{time}</td></tr>"
            )
        reference = "".join(
            f'<li><a href="{self.page_of[doc.resolve()]}">{html.escape(_doc_title(doc))}</a></li>'
            for doc in self.docs
        )
        readme = '<li><a href="readme.html">README: setting up and running the kit</a></li>' if (
            self.root / "README.md"
        ).is_file() else ""
        changelog = '<li><a href="changelog.html">Changelog: what changed in each version</a></li>' if (
            self.root / "CHANGELOG.md"
        ).is_file() else ""
        readme += changelog
        body = (
            f"<h1>{SITE_TITLE}</h1>\n"
            + (f'<p class="kit-version">Version {html.escape(self.version)} of the kit.</p>\n' if self.version else "")
            + "<p>This is the offline, read-only version of the kit: every notebook with the outputs "
            "it produced when it was last run. To run the code, answer the exercises and use the "
            "interactive widgets, open the notebooks in JupyterLab (<code>make lab</code>, see the "
            "README).</p>\n"
            "<h2 id=\"learning-path\">The learning path</h2>\n"
            "<p>Work through the notebooks in order; each can also be opened on its own.</p>\n"
            "<table class=\"kit-path\"><thead><tr><th>Notebook</th><th>You will learn to</th>"
            "<th>Prerequisites</th><th>Estimated time</th></tr></thead>\n<tbody>\n"
            + "\n".join(rows)
            + "\n</tbody></table>\n"
            + (f"<h2 id=\"reference\">Reference</h2>\n<ul>{reference}{readme}</ul>\n" if reference or readme else "")
        )
        self.write("index.html", self.simple_page(SITE_TITLE, body, "index.html"), None)

    def build(self) -> SiteReport:
        self.out.mkdir(parents=True, exist_ok=True)
        (self.out / MARKER).write_text("built by tools/build_site.py\n", encoding="utf-8")
        shutil.copytree(mathjax_source(), self.out / MATHJAX_DIR, dirs_exist_ok=True)
        (self.out / "_static" / "kit.css").write_text(_CSS.lstrip(), encoding="utf-8")
        self.build_notebooks()
        self.build_docs()
        self.build_index()
        return self.report


def _inline(text: str) -> str:
    """Render one line of Markdown (an objective) without the surrounding paragraph."""
    rendered = markdown_to_html(text).strip()
    return re.sub(r"^<p>(.*)</p>$", r"\1", rendered, flags=re.S)


def build_site(out_dir: Path = DEFAULT_OUT, *, root: Path = ROOT) -> SiteReport:
    """Build the offline site from ``root`` into ``out_dir`` and return what was written.

    ``out_dir`` is emptied first if an earlier build made it; a non-empty folder that this script
    did not make is refused, so a wrong ``--out`` cannot delete anything else.
    """
    out_dir = Path(out_dir).resolve()
    if out_dir.exists() and any(out_dir.iterdir()):
        if not (out_dir / MARKER).is_file():
            raise ValueError(f"{out_dir} is not empty and was not built by this script; choose another --out.")
        shutil.rmtree(out_dir)
    return _Site(Path(root), out_dir).build()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: _build/html)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if a link is unresolved")
    args = parser.parse_args(argv)
    report = build_site(args.out)
    print(f"Wrote {len(report.pages)} pages to {report.out_dir} (open index.html in a browser).")
    for page, href in report.unresolved:
        print(f"  warning: unresolved link in {page}: {href}", file=sys.stderr)
    return 1 if args.strict and report.unresolved else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
