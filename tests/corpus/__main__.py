"""``python -m tests.corpus --out DIR --n N --seed S [--forms html,docx,...] [--share-2019 0.25]``: write a synthetic corpus."""

from __future__ import annotations

import argparse

from gongkai.demo.render import FORMS
from tests.corpus.builder import build


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.corpus", description=__doc__)
    parser.add_argument("--out", required=True, help="output directory")
    parser.add_argument("--n", type=int, default=20, help="number of documents")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--forms",
        default=",".join(FORMS),
        help=f"comma-separated forms (default all: {','.join(FORMS)})",
    )
    parser.add_argument(
        "--share-2019",
        type=float,
        default=0.25,
        help="share of reports in the 2019 edition (years 2019-2020; default 0.25)",
    )
    args = parser.parse_args(argv)
    manifest = build(
        args.out, args.n, args.seed, [f for f in args.forms.split(",") if f], args.share_2019
    )
    print(f"wrote {len(manifest['documents'])} documents to {args.out}")


if __name__ == "__main__":
    main()
