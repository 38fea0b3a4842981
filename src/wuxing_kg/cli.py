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

# ----------------------------------------------------------------- nlp: extract, eval

@cli.command("eval")
@click.argument("directory", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
    help="Output format.",
)
@click.option("--details", is_flag=True, help="List each miss (FN), false positive (FP) and metric attribute error per document.")
def eval_command(directory: str, fmt: str, details: bool) -> None:
    """Score the extractor on DIR: every NAME.txt against NAME.gold.json.

    Prints per-type precision/recall/F1 (organization, place, program, person,
    metric), metric attribute accuracy, relation recall and the headline entity
    micro-F1 (rules: gold/FORMAT.md "Scoring").

    \b
    Examples:
      wuxing-kg eval tests/evalset
      wuxing-kg eval tests/evalset --details | less
      wuxing-kg eval tests/evalset --format json > scores.json
    """
    from .evaluate import evaluate_dir

    report = evaluate_dir(directory)
    if fmt == "json":
        click.echo(report.to_json(details=details))
    else:
        click.echo(report.to_table(details=details))


# ----------------------------------------------------------------- ontology: validate, queries

# ----------------------------------------------------------------- pages: view

# ----------------------------------------------------------------- server: serve


def main() -> None:
    cli(prog_name="wuxing-kg")


if __name__ == "__main__":  # pragma: no cover
    main()
