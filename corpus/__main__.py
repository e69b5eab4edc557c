"""``python -m corpus --out DIR --n N --seed S [--forms html,docx,...]``: write a synthetic corpus."""

from __future__ import annotations

import argparse

from corpus.builder import build
from corpus.render import FORMS


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m corpus", description=__doc__)
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--n", type=int, default=20, help="number of documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--forms", default=",".join(FORMS),
                        help=f"comma-separated forms (default all: {','.join(FORMS)})")
    args = parser.parse_args(argv)
    manifest = build(args.out, args.n, args.seed, [f for f in args.forms.split(",") if f])
    print(f"wrote {len(manifest['documents'])} documents to {args.out}")


if __name__ == "__main__":
    main()
