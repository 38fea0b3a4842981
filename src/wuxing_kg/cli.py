"""The `wuxing-kg` command line: a thin click layer over the library.

Each command parses its options, calls one library function and prints. Library
modules are imported inside the commands so that `wuxing-kg --help` stays fast and
one command's heavy dependencies (spaCy, pyvis, uvicorn) load only when it runs.

Exit codes: 0 ok, 1 runtime error, 2 usage or bad input.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from . import __version__
from .errors import WuxingError
from .settings import store_path


class WuxingGroup(click.Group):
    """Turns library errors into one-line messages with their exit codes."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WuxingError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except BrokenPipeError:  # `wuxing-kg query … | head` is fine
            sys.stderr.close()
            sys.exit(0)


@click.group(cls=WuxingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="wuxing-kg")
@click.option(
    "--store",
    "store",
    metavar="PATH",
    default=None,
    help="On-disk triple store (default: $WUXING_KG_STORE or ./wuxing-kg-store).",
)
@click.pass_context
def cli(ctx: click.Context, store: str | None) -> None:
    """Turn Chinese government work bulletins (工作简报) into a knowledge graph.

    \b
    Examples:
      wuxing-kg ingest data/bulletins
      wuxing-kg query outcomes-by-department --format table
      wuxing-kg view -o visualizations
      wuxing-kg serve --port 8000
    """
    ctx.obj = {"store": store_path(store)}


# ----------------------------------------------------------------- spine: ingest, query, bulletins, remove, export, stats

QUERY_FORMATS = ("table", "csv", "tsv", "json")
RDF_EXPORT_FORMATS = ("ttl", "trig", "nq", "nt", "jsonld")
GRAPH_EXPORT_FORMATS = ("graphml", "gexf", "nodelink")


def _store_arg(ctx: click.Context) -> Any:
    return ctx.obj["store"]


def _open_read(ctx: click.Context) -> Any:
    from .store import Store

    return Store(_store_arg(ctx), read_only=True)


def _binary_stdout() -> Any:
    """stdout as bytes: data is written as UTF-8 whatever the locale (an ASCII locale
    must not turn Chinese output into UnicodeEncodeError)."""
    sys.stdout.flush()  # keep order with anything click.echo wrote before
    return sys.stdout.buffer


def _write_text(text: str) -> None:
    out = _binary_stdout()
    out.write(text.encode("utf-8"))
    out.flush()


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--dry-run", is_flag=True, help="Read, extract, map and validate; write nothing.")
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Refuse files bigger than N bytes (default: $WUXING_KG_MAX_BYTES or 20 MiB).",
)
@click.option(
    "--allow-non-chinese", is_flag=True,
    help="Read files whose text is not Chinese (refused by default: the rules only know Chinese).",
)
@click.option(
    "--reextract",
    is_flag=True,
    help="Read and extract every file again, even one whose bytes and extractor version are already stored.",
)
@click.option(
    "--merges", "merges_file", type=click.Path(dir_okay=False, exists=True, path_type=str), default=None,
    help="Merge override file (default: merges.toml beside the store, when there is one).",
)
@click.option(
    "-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
    help="Worker processes that read and extract (default: one per core; 1 = no workers). One process writes.",
)
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[str, ...], dry_run: bool, max_bytes: int | None,
    allow_non_chinese: bool, reextract: bool, merges_file: str | None, jobs: int | None,
) -> None:
    """Ingest bulletin files and folders (*.txt *.html *.htm *.docx *.pdf, recursively).

    Every file is read and checked first: one bad file refuses the whole batch and the
    store is left untouched (exit 2). Each bulletin is then stored in its own named graph,
    in one transaction; re-ingesting a file changes nothing (a file whose bytes and
    extractor version are already stored is reported `unchanged` without being read or
    extracted again; --reextract forces the work), a new version of a bulletin replaces
    its graph. A bulletin that fails SHACL validation is reported and not stored
    (exit 1). Files are read and extracted by --jobs worker processes; the bulletins
    are written by this one, in input order.

    \b
    Example:
      wuxing-kg ingest data/bulletins
      wuxing-kg ingest --jobs 4 bulletins/2024/
      wuxing-kg --store /tmp/kg ingest --dry-run new-issue.pdf
    """
    from .errors import ValidationFailed
    from .ingest import ingest_paths

    progress = None
    bar = None
    if sys.stderr.isatty():
        bar = click.progressbar(length=1, label="ingest", file=sys.stderr)
        bar.__enter__()

        def progress(done: int, total: int, label: str) -> None:
            bar.length = total
            bar.label = label
            bar.update(done - bar.pos)
            bar.render_progress()  # a label-only change (no step) is drawn too

    def show(item: Any) -> None:  # one line per bulletin as soon as it is done
        if bar is not None:  # wipe the bar's line first; it redraws on its next update
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
        click.echo(item.summary())
        for problem in item.problems[:10]:
            click.echo(f"    {problem}", err=True)

    from .reading import allowing_non_chinese

    try:
        with allowing_non_chinese(allow_non_chinese):
            report = ingest_paths(
                paths, _store_arg(ctx), dry_run=dry_run, progress=progress, max_bytes=max_bytes,
                on_bulletin=show, reextract=reextract, merges_file=merges_file, jobs=jobs,
            )
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)
    if not dry_run:
        from .diff import ingest_summary

        for line in ingest_summary(_store_arg(ctx), report):
            click.echo(line)
    click.echo(report.total_line())
    if not dry_run:
        from .watch import format_delta, run_watches

        for delta in run_watches(_store_arg(ctx)):
            _write_text(format_delta(delta))
    if report.invalid:
        raise ValidationFailed(f"{len(report.invalid)} bulletin(s) failed SHACL validation and were not stored")


@cli.command()
@click.argument("query", required=False)
@click.option(
    "-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the SPARQL from a file (- = stdin)."
)
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Bind a parameter (repeatable).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--max-width", type=int, default=60, show_default=True, help="Clip table cells (0 = never).")
@click.option("--allow-service", is_flag=True, help="Let SERVICE clauses query remote endpoints (refused by default).")
@click.option("--limit", type=click.IntRange(min=0), default=None,
              help="At most N rows (0 = all). Canned queries: 100 unless given; SPARQL text: all.")
@click.pass_context
def query(
    ctx: click.Context, query: str | None, query_file: Any, params: tuple[str, ...], fmt: str, max_width: int,
    allow_service: bool, limit: int | None,
) -> None:
    """Run a SPARQL query (text, -f FILE, or a canned query NAME) over all bulletins.

    SELECT answers print as table, csv, tsv or json (SPARQL 1.1 JSON results); ASK
    prints true/false; CONSTRUCT/DESCRIBE print Turtle. `wuxing-kg queries` lists the
    canned queries and their parameters.

    \b
    Example:
      wuxing-kg query outcomes-by-department --param dept=某市商务局
      wuxing-kg query fact-provenance --limit 0 --format csv > all-facts.csv
      wuxing-kg query 'SELECT ?b ?t WHERE { ?b a <https://w3id.org/wuxing-kg/ontology#Bulletin> ; <http://purl.org/dc/terms/title> ?t }'
      wuxing-kg query -f my.rq --format csv > out.csv
    """
    from . import queries

    if (query is None) == (query_file is None):
        raise click.UsageError("give either a QUERY (SPARQL text or canned name) or -f FILE")
    text = query if query is not None else query_file.read()
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        values[key.strip()] = value
    with _open_read(ctx) as store:
        result = queries.run(store, text, values, allow_service=allow_service, limit=limit)
    _write_text(queries.format_result(result, fmt, max_cell=max_width))
    note = queries.truncation_note(result)
    if note:
        click.echo(note, err=True)


@cli.command()
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(("sentence", "metric", "relation", "label")),
              help="Only this kind of text (repeatable; default: all).")
@click.option("--limit", type=int, default=None, help="At most this many rows.")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--max-width", type=int, default=60, show_default=True, help="Clip table cells (0 = never).")
@click.pass_context
def search(ctx: click.Context, text: str, kinds: tuple[str, ...], limit: int | None, fmt: str, max_width: int) -> None:
    """Find TEXT (any substring, Chinese included) in sentences, metrics, relations and labels.

    Served by the store's text index (SQLite FTS5, trigram), kept in step with every
    ingest and remove and rebuilt from the store when missing.

    \b
    Example:
      wuxing-kg search 外资
      wuxing-kg search 商务局 --kind relation --format csv
    """
    from . import queries

    with _open_read(ctx) as store:
        result = queries.search(store, text, list(kinds) or None, limit)
    _write_text(queries.format_result(result, fmt, max_cell=max_width))


@cli.command(name="queries")
@click.argument("name", required=False)
def list_canned(name: str | None) -> None:
    """List the canned queries with their parameters, or print one query's file.

    \b
    Example:
      wuxing-kg queries
      wuxing-kg queries outcomes-by-department
    """
    from . import queries

    if name:
        _write_text(queries.get(name).text)
        return
    for q in queries.list_queries():
        click.echo(f"{q.name}  —  {q.title}")
        if q.description:
            click.echo(f"    {q.description}")
        for p in q.params:
            help_text = f"  ({p.description})" if p.description else ""
            click.echo(f"    --param {p.name}={p.default}{help_text}")
        click.echo(f"    --limit {queries.DEFAULT_LIMIT}  (rows; 0 = all)")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.pass_context
def bulletins(ctx: click.Context, fmt: str) -> None:
    """List the bulletins in the store: id, title, issue, date, issuer, articles, quads.

    The id (8 hex digits) is what `wuxing-kg remove` takes; csv/tsv/json add the IRI.

    \b
    Example:
      wuxing-kg bulletins
      wuxing-kg bulletins --format json
    """
    from . import queries

    with _open_read(ctx) as store:
        infos = queries.list_bulletins(store)
    header = ["id", "title", "issue", "date", "issuer", "articles", "quads", "file", "iri"]
    rows = [
        [b.id, b.title, b.issue, b.date, b.issuer, str(b.articles), str(b.quads), b.file, b.bulletin] for b in infos
    ]
    if fmt == "table":  # the IRI would double the width of a terminal table; csv/tsv/json keep it
        header, rows = header[:-1], [row[:-1] for row in rows]
    _write_text(queries.format_rows(header, rows, fmt))


@cli.command()
@click.argument("ident", metavar="ID")
@click.pass_context
def remove(ctx: click.Context, ident: str) -> None:
    """Remove a bulletin (its whole named graph) by id, IRI or file name.

    \b
    Example:
      wuxing-kg bulletins            # shows the ids
      wuxing-kg remove 1a2b3c4d
    """
    from .ingest import remove_bulletin
    from .queries import short_id

    graph = remove_bulletin(_store_arg(ctx), ident)
    click.echo(f"removed {short_id(graph)} {graph}")


@cli.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The server's Graph Store endpoint (oxigraph: http://HOST:7878/store; Virtuoso: http://HOST:8890/sparql-graph-crud-auth).")
@click.option("--all", "send_all", is_flag=True, help="Send every graph, not only those changed since the last push to URL.")
@click.option("--user", default=None, help="User name (Basic or Digest auth, as the server asks).")
@click.option("--password-file", type=click.Path(dir_okay=False), default=None,
              help="File whose first line is the password (default: the netrc entry of URL's host).")
@click.option("--format", "fmt", type=click.Choice(("nt", "ttl")), default="nt", show_default=True,
              help="Body of each PUT: N-Triples or Turtle.")
@click.option("--timeout", type=click.FloatRange(min=1), default=300.0, show_default=True, help="Seconds to wait for each request.")
@click.option("--connections", type=click.IntRange(min=1), default=2, show_default=True,
              help="Requests in flight at once (the next graph is serialised while the server stores one).")
@click.option("--default-graph", "default_graph", is_flag=True,
              help="Also send the merged view (each fact once) as the server's default graph (PUT ?default): for a "
                   "server whose default graph is its own, e.g. the oxigraph server without --union-default-graph.")
@click.pass_context
def push(ctx: click.Context, endpoint: str, send_all: bool, user: str | None, password_file: str | None,
         fmt: str, timeout: float, connections: int, default_graph: bool) -> None:
    """Publish the store's named graphs to a SPARQL 1.1 server (Graph Store HTTP Protocol).

    Each graph (one per bulletin, and the reference graph) is sent with PUT, which
    replaces it on the server; only graphs changed since the last push to URL are sent
    (--all sends everything), graphs removed from the store are deleted there. A graph is
    recorded as pushed only once the server accepted it: after a failure (exit 1), run
    push again to send the rest.

    \b
    Example:
      wuxing-kg push --endpoint http://localhost:7878/store --default-graph
      wuxing-kg push --endpoint http://kg.example.org:8890/sparql-graph-crud-auth --user dba --password-file ~/.kg-pass
    """
    from .push import PushError, credentials, push_store

    creds = credentials(endpoint, user, password_file)
    report = push_store(_store_arg(ctx), endpoint, send_all=send_all, creds=creds, fmt=fmt, timeout=timeout,
                        connections=connections, default_graph=default_graph, on_graph=lambda item: click.echo(item.line()) if item.status != "unchanged" else None)
    click.echo(report.total_line())
    if report.count("failed"):
        raise PushError(f"{report.count('failed')} graph(s) were rejected by {endpoint} and not marked pushed; run push again")


@cli.command()
@click.pass_context
def compact(ctx: click.Context) -> None:
    """Reclaim disk space: delete the store's obsolete write-ahead logs and compact it.

    `ingest` does this when it finishes; run it on a store written by an older version
    or by another tool. Needs the write lock (exit 1 while another process writes).

    \b
    Example:
      wuxing-kg --store /tmp/kg compact
    """
    from .settings import store_path
    from .store import compact as compact_store

    before, after = compact_store(store_path(_store_arg(ctx)))
    click.echo(f"store: {before / 1e6:.1f} MB -> {after / 1e6:.1f} MB on disk")


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(RDF_EXPORT_FORMATS + GRAPH_EXPORT_FORMATS),
    default="trig",
    show_default=True,
    help="RDF (ttl = all graphs merged; trig/nq/jsonld keep the named graphs) or a NetworkX graph.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write here instead of stdout.")
@click.option("--bulletin", "bulletin_id", metavar="ID", help="Only this bulletin (id, IRI or file name).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: str | None, bulletin_id: str | None) -> None:
    """Export the store as RDF (ttl, trig, nq, nt, jsonld) or as a graph (graphml, gexf, nodelink).

    \b
    Example:
      wuxing-kg export --format ttl -o kg.ttl
      wuxing-kg export --format nq | gzip > kg.nq.gz
      wuxing-kg export --format graphml -o kg.graphml
    """
    import shutil
    import tempfile
    from pathlib import Path

    with _open_read(ctx) as store:
        graph = None
        if bulletin_id:
            from .queries import resolve_bulletin

            graph = resolve_bulletin(store, bulletin_id)
        if fmt in RDF_EXPORT_FORMATS:
            if output:
                try:
                    out = open(output, "wb")
                except OSError as exc:
                    raise click.BadParameter(f"cannot write {output}: {exc.strerror}", param_hint="-o") from exc
                with out:
                    store.dump(out, fmt, graph=graph)
            else:
                stdout = _binary_stdout()
                store.dump(stdout, fmt, graph=graph)
                stdout.flush()
            return
        from . import network

        projected = network.project(store, bulletin=graph)
    if output:
        try:
            network.export_graph(projected, fmt, output)
        except OSError as exc:
            raise click.BadParameter(f"cannot write {output}: {exc.strerror}", param_hint="-o") from exc
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"graph.{fmt}"
        network.export_graph(projected, fmt, path)
        with open(path, "rb") as src:
            shutil.copyfileobj(src, _binary_stdout())


@cli.command()
@click.option("--format", "fmt", type=click.Choice(("table", "json")), default="table", show_default=True)
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """Count bulletins, articles, sentences, entities per type, metrics and quads.

    \b
    Example:
      wuxing-kg stats
      wuxing-kg --store /tmp/kg stats --format json
    """
    import json

    from . import queries

    with _open_read(ctx) as store:
        counts = queries.store_stats(store)
    if fmt == "json":
        _write_text(json.dumps(counts, ensure_ascii=False, indent=1) + "\n")
        return
    width = max(len(k) for k in counts)
    _write_text("".join(f"{k:<{width}}  {v:>8}\n" for k, v in counts.items()))

# ----------------------------------------------------------------- across issues: series, diff


@cli.command(name="series")
@click.option("--subject", default=None, metavar="S", help="Only subjects whose name contains S.")
@click.option("--indicator", default=None, metavar="I",
              help="Only indicators containing I (spaces, quotes and 使用/利用 variants ignored).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--max-width", type=int, default=60, show_default=True, help="Clip table cells (0 = never).")
@click.pass_context
def series_command(ctx: click.Context, subject: str | None, indicator: str | None, fmt: str, max_width: int) -> None:
    """Indicator series: every value of an indicator for a subject, across bulletins and periods.

    One row per observation (subject, indicator, period, value, unit, is_change,
    bulletin id, date, issue, source sentence), grouped by subject and indicator; change
    rates (is_change) form series of their own, apart from levels.

    \b
    Example:
      wuxing-kg series --indicator 实际利用外资
      wuxing-kg series --subject 商务局 --format csv > fdi.csv
    """
    from .series import format_series, series

    with _open_read(ctx) as store:
        rows = series(store, subject=subject, indicator=indicator)
    _write_text(format_series(rows, fmt, max_cell=max_width))


@cli.command(name="diff")
@click.argument("ident", metavar="ID")
@click.option("--against", default=None, metavar="ID",
              help="Compare with this bulletin only (default: all earlier-dated ones; indicators: the previous issue).")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--max-width", type=int, default=60, show_default=True, help="Clip table cells (0 = never).")
@click.pass_context
def diff_command(ctx: click.Context, ident: str, against: str | None, fmt: str, max_width: int) -> None:
    """What is new in bulletin ID (id, IRI or file name, as `bulletins` shows it).

    Organisations, places, programmes and people first seen in it (in no earlier-dated
    bulletin, or not in --against), and indicators whose value changed against the
    previous issue of the same series (same title and issuer, closest earlier date).

    \b
    Example:
      wuxing-kg bulletins
      wuxing-kg diff 1a2b3c4d
      wuxing-kg diff 1a2b3c4d --against 5e6f7a8b --format json
    """
    from .diff import diff_issue, format_diff

    with _open_read(ctx) as store:
        result = diff_issue(store, ident, against)
    _write_text(format_diff(result, fmt, max_cell=max_width))

@cli.command(name="merges")
@click.option("--format", "fmt", type=click.Choice(QUERY_FORMATS), default="table", show_default=True)
@click.option("--max-width", type=int, default=60, show_default=True, help="Clip table cells (0 = never).")
@click.pass_context
def merges_command(ctx: click.Context, fmt: str, max_width: int) -> None:
    """The merge log: every entity merge made at ingest, with its rule and evidence.

    One row per merge and bulletin: kind (organization, program, person), rule
    (abbreviation, former-name, quotes, override), the name kept, the names joined, the
    place it is scoped to, the bulletin id, its file and the sentence that names the
    merged form. merges.toml beside the store (or `ingest --merges FILE`) forces or
    forbids merges; re-ingest applies it.

    \b
    Example:
      wuxing-kg merges
      wuxing-kg merges --format json
    """
    from .merges import format_merges, listing

    with _open_read(ctx) as store:
        rows = listing(store)
    _write_text(format_merges(rows, fmt, max_cell=max_width))


# ----------------------------------------------------------------- across issues: watch

@cli.group(name="watch")
def watch_group() -> None:
    """Saved queries re-run after every ingest; the rows that appear or disappear are
    printed and kept as JSON in <store>.watch/NAME/deltas/.

    \b
    Example:
      wuxing-kg watch add new-programmes programs-by-lead
      wuxing-kg watch add fdi -f fdi.rq
      wuxing-kg ingest new-issue.pdf        # prints each watch's delta
      wuxing-kg watch list
    """


@watch_group.command(name="add")
@click.argument("name")
@click.argument("query", required=False)
@click.option("-f", "--file", "query_file", type=click.File("r", encoding="utf-8"), help="Read the SPARQL from a file (- = stdin).")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE", help="Bind a canned query's parameter (repeatable).")
@click.pass_context
def watch_add(ctx: click.Context, name: str, query: str | None, query_file: Any, params: tuple[str, ...]) -> None:
    """Save QUERY (SPARQL text or a canned query name) or -f FILE as watch NAME.

    Its current answer (when the store exists) becomes the baseline the next run is
    compared with.
    """
    from .watch import Watches

    if (query is None) == (query_file is None):
        raise click.UsageError("give either a QUERY (SPARQL text or canned name) or -f FILE")
    text = query if query is not None else query_file.read()
    first = Watches(_store_arg(ctx)).add(name, text, params=dict(_parse_params(params)))
    tail = f"; baseline {first.total} rows" if first is not None else "; no store yet, baseline empty"
    click.echo(f"watch {name} added{tail}")


def _parse_params(params: tuple[str, ...]) -> list[tuple[str, str]]:
    out = []
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--param")
        out.append((key.strip(), value))
    return out


@watch_group.command(name="list")
@click.pass_context
def watch_list(ctx: click.Context) -> None:
    """List the watches: name, query, rows of the last run, when, deltas kept."""
    from .watch import Watches, format_list

    _write_text(format_list(Watches(_store_arg(ctx))))


@watch_group.command(name="remove")
@click.argument("name")
@click.pass_context
def watch_remove(ctx: click.Context, name: str) -> None:
    """Delete watch NAME with its kept answers and deltas."""
    from .watch import Watches

    click.echo(f"removed {Watches(_store_arg(ctx)).remove(name)}")


@watch_group.command(name="run")
@click.argument("names", nargs=-1)
@click.option("--max-width", type=int, default=60, show_default=True, help="Clip table cells (0 = never).")
@click.pass_context
def watch_run(ctx: click.Context, names: tuple[str, ...], max_width: int) -> None:
    """Run the watches (all, or NAMES) now; print and keep what changed since the last run."""
    from .watch import Watches, format_delta

    for delta in Watches(_store_arg(ctx)).run(list(names) or None):
        _write_text(format_delta(delta, max_cell=max_width))


# ----------------------------------------------------------------- nlp: extract, eval

@cli.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option(
    "--format", "fmt", type=click.Choice(["json", "table"]), default="json", show_default=True,
    help="json = the Extraction record (gold/FORMAT.md schema); table = a readable listing.",
)
@click.option("--date", "default_date", metavar="YYYY-MM-DD", default=None,
              help="Bulletin date when the file has none in its header (resolves 今年, 上半年 …).")
@click.option(
    "--allow-non-chinese", is_flag=True,
    help="Read files whose text is not Chinese (refused by default: the rules only know Chinese).",
)
def extract_command(file: str, fmt: str, default_date: str | None, allow_non_chinese: bool) -> None:
    """Extract organisations, places, programmes, people, metrics and relations
    from one bulletin FILE and print them (the store is not touched).

    \b
    Examples:
      wuxing-kg extract data/bulletins/ganzhou-wuxing-bulletin-2019-51.txt
      wuxing-kg extract article.txt --format table --date 2021-03-15
    """
    from .ingest import extract_file
    from .nlp.extract import format_table
    from .reading import allowing_non_chinese

    with allowing_non_chinese(allow_non_chinese):
        extraction = extract_file(file, default_date=default_date)
    click.echo(extraction.to_json() if fmt == "json" else format_table(extraction))


@cli.command("eval")
@click.argument("directory", type=click.Path(path_type=str))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
    help="Output format.",
)
@click.option("--details", is_flag=True, help="List each miss (FN), false positive (FP) and metric attribute error per document.")
@click.option(
    "--compare", "compare", metavar="BEFORE.json", default=None,
    help="A report saved with --format json --details: also print what got fixed (-) or broken (+) since.",
)
@click.option("--by-type", "by_type", is_flag=True, help="Add a P/R/F1 table per entity type and recall per relation type.")
@click.option(
    "--by-document", "by_document", is_flag=True,
    help="Add one row per text: entity F1, matched-metric subject/period/indicator accuracy, relation recall.",
)
def eval_command(directory: str, fmt: str, details: bool, compare: str | None, by_type: bool, by_document: bool) -> None:
    """Score the extractor on DIRECTORY: every NAME.txt against NAME.gold.json
    (or on one NAME.txt).

    Prints per-type precision/recall/F1 (organization, place, program, person,
    metric), metric attribute accuracy, relation recall and the headline entity
    micro-F1 (rules: gold/FORMAT.md "Scoring").

    \b
    Examples:
      wuxing-kg eval tests/evalset
      wuxing-kg eval tests/evalset --details | less
      wuxing-kg eval tests/evalset/hunan-chenzhou-jiuye-2024.txt --details
      wuxing-kg eval tests/evalset --format json --details > before.json
      wuxing-kg eval tests/evalset --compare before.json
      wuxing-kg eval tests/evalset --by-type --by-document
    """
    from .evaluate import compare_reports, evaluate_dir, load_report_json

    before = load_report_json(compare) if compare else None  # fail before the slow part
    report = evaluate_dir(directory)
    if fmt == "json":
        click.echo(report.to_json(details=details, by_type=by_type, by_document=by_document))
    else:
        click.echo(report.to_table(details=details, by_type=by_type, by_document=by_document))
    if before is not None:
        click.echo("\n".join(compare_reports(before, report)), err=fmt == "json")


# ----------------------------------------------------------------- ontology: validate, queries

@cli.command()
@click.option("--graph", "graphs", multiple=True, metavar="IRI", help="Validate only this named graph (repeatable).")
@click.option("--limit", default=50, show_default=True, help="List at most this many problems.")
@click.option("--warnings/--no-warnings", default=True, show_default=True, help="List SHACL warnings too.")
@click.pass_context
def validate(ctx: click.Context, graphs: tuple[str, ...], limit: int, warnings: bool) -> None:
    """Check the store against the SHACL shapes (ontology/shapes.ttl), graph by graph.

    Exit status 0 when every graph conforms (warnings allowed), 1 on any violation.

    \b
    Examples:
      wuxing-kg validate
      wuxing-kg validate --graph 'https://w3id.org/wuxing-kg/graph/reference' --no-warnings
    """
    from .validate import validate_store

    with _open_read(ctx) as store:
        report = validate_store(store, graphs=list(graphs) or None)
    if not warnings:
        report.violations = report.errors
    _write_text(report.text(limit=limit) + "\n")
    if not report.conforms:
        sys.exit(1)


# ----------------------------------------------------------------- pages: view


@cli.command()
@click.option("-o", "--output", "out_dir", default="visualizations", show_default=True,
              type=click.Path(file_okay=False, path_type=str), help="Directory to write the site into.")
@click.option("--bulletin", "bulletin_id", metavar="ID", default=None, help="Only this bulletin (id, IRI or file name, as `export --bulletin`).")
@click.option("--assets", type=click.Choice(("shared", "inline", "auto")), default="shared", show_default=True,
              help="shared: vis-network and scripts once under assets/; inline: inside every page; auto: inline for small sites.")
@click.option("--full", is_flag=True, help="Rewrite every page (default: only pages whose inputs changed since the last build).")
@click.pass_context
def view(ctx: click.Context, out_dir: str, bulletin_id: str | None, assets: str, full: bool) -> None:
    """Write the interactive graph pages (offline HTML, open index.html in a browser).

    index.html lists bulletins, departments, places, programs and people with a search
    box; overview.html draws the whole graph; every entity has a page with its
    neighbourhood, the source sentences, its outcomes and indicator series; a bulletin's
    page lists its articles and what is new in it. A rebuild rewrites only the pages
    whose inputs changed (.wuxing-kg-site.json beside the site keeps their hashes).

    \b
    Examples:
      wuxing-kg view -o visualizations
      wuxing-kg --store kg view -o /tmp/site --assets inline --full
      xdg-open visualizations/index.html
    """
    from .views.build import build_from_store

    report = build_from_store(_open_read(ctx), out_dir, bulletin=bulletin_id, assets=assets, incremental=not full)
    click.echo(report.summary())

# ----------------------------------------------------------------- server: serve


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback unless told otherwise).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="TCP port.")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(min=0.05), help="Seconds a query may run (503 after).")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(min=1), help="Most result rows/triples; a bigger result is refused (422), not truncated.")
@click.option("--max-request-bytes", default=1024 * 1024, show_default=True, type=click.IntRange(min=1024), help="Largest request body (413) or GET URL (414).")
@click.option("--workers", default=None, type=click.IntRange(1, 64), help="Query worker processes (default: 2–4 by CPU count).")
@click.option("--slow-lane", default=4, show_default=True, type=click.IntRange(0, 64), help="Long-running queries moved off the workers (reniced), so cheap ones are not queued behind them; 0 = none.")
@click.option("--slow-after", default=0.25, show_default=True, type=click.FloatRange(min=0.01), help="Seconds a query runs before it may move to the slow lane (when others wait for a worker).")
@click.option("--site", "site", default=None, type=click.Path(file_okay=False, path_type=str), help="Serve this prebuilt `wuxing-kg view` directory under /view/ (default: built in the background at start and after each ingest).")
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, timeout: float, max_rows: int, max_request_bytes: int,
          workers: int | None, slow_lane: int, slow_after: float, site: str | None) -> None:
    """Serve the store read-only: SPARQL endpoint, query page, graph pages.

    \b
    /sparql   SPARQL 1.1 Protocol (GET/POST; json, xml, csv, tsv,
              turtle, ntriples, nquads, jsonld by Accept or format=)
    /         query page (offline) with the canned queries
    /view/    graph pages; /id/...  entity IRIs (HTML or Turtle)
    Update, LOAD and SERVICE are refused; an ingest may run alongside.
    A query whose client disconnects is stopped; reads never go back in time.

    \b
    Examples:
      wuxing-kg serve --port 8000
      wuxing-kg --store kg serve --timeout 5 --max-rows 50000 --site visualizations
      curl -G 'http://127.0.0.1:8000/sparql?format=csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 5'
    """
    from pathlib import Path

    from .server import DEFAULT_WORKERS, ServerConfig
    from .server import serve as run_server

    config = ServerConfig(
        store=Path(ctx.obj["store"]), host=host, port=port, timeout=timeout, max_rows=max_rows,
        max_request_bytes=max_request_bytes, workers=workers or DEFAULT_WORKERS,
        slow_lane=slow_lane, slow_after=slow_after, site=Path(site) if site else None,
    )
    run_server(config, announce=lambda line: click.echo(line, err=True))


def main() -> None:
    cli(prog_name="wuxing-kg")


if __name__ == "__main__":  # pragma: no cover
    main()
