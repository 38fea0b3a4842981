"""Debug view of what the reader makes of a file: header, articles, sentences.

    python -m wuxing_kg.reading data/bulletins/ganzhou-wuxing-bulletin-2019-51.txt [--sentences]
"""

from __future__ import annotations

import sys

from ..errors import WuxingError
from . import read_bulletin


def main(argv: list[str]) -> int:
    paths = [a for a in argv if not a.startswith("-")]
    show_sentences = "--sentences" in argv
    if not paths:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    for path in paths:
        try:
            b = read_bulletin(path)
        except WuxingError as exc:
            print(f"Error: {exc}", file=sys.stderr)
            return exc.exit_code
        print(f"{b.source}: title={b.title!r} issue={b.issue!r} date={b.date} issuer={b.issuer!r}")
        print(f"  chars: original {len(b.original)}, text {len(b.text)}; traditional={b.converted_from_traditional}"
              f" url={b.source_url!r}")  # fmt: skip
        for a in b.articles:
            head = "" if a.has_headline else " (no headline)"
            print(f"  [{a.index}] {a.section or '-'} | {a.title}{head} — {len(a.sentences)} sentences")
            if show_sentences:
                for s in a.sentences:
                    mark = f"{s.point} " if s.point else ""
                    print(f"      p{s.paragraph} {mark}{s.text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
