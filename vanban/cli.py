"""The `vanban` command: ingest, search, ask, serve, eval, bench."""

from __future__ import annotations

import argparse
import json
import logging
import sys
import textwrap
import time
from pathlib import Path

from vanban.config import corpus_path, store_path

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _add_store(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", help="store folder (default: $VANBAN_STORE, else ./store)")


def _add_embedder(p: argparse.ArgumentParser, default: str | None) -> None:
    p.add_argument(
        "--embedder",
        default=default,
        help="e5-small-q4 (bundled) or st:<model name or path>"
        + (f" (default: {default})" if default else " (default: the store's)"),
    )
    p.add_argument("--device", help="device for st: models, e.g. cpu, cuda, cuda:1, mps")


def _add_filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--type", dest="doc_type", help='only documents of this type, e.g. "Kết luận", "Kế hoạch"')
    p.add_argument("--issuer", help='only documents whose issuing body contains this, e.g. "Thái Nguyên"')
    p.add_argument("--year", type=int, help="only documents dated in this year")
    p.add_argument("--code", help='only this document, e.g. "57-KL/TW" or "KL 57"')


def _filters(args):
    from index.search import Filters

    return Filters(doc_type=args.doc_type, issuer=args.issuer, year=args.year, code=args.code)


def build_parser() -> argparse.ArgumentParser:
    from index.embedders import DEFAULT_EMBEDDER
    from index.modes import FUSIONS, MODES

    parser = argparse.ArgumentParser(prog="vanban", description="Semantic search over Vietnamese guidance documents.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to stderr")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="read the corpus and build or update the store")
    p.add_argument("--corpus", help="folder of PDF, DOCX, TXT, MD, HTML files (default: ./corpus)")
    _add_store(p)
    _add_embedder(p, DEFAULT_EMBEDDER)
    p.add_argument("--rebuild", action="store_true", help="ignore the existing store and re-embed everything")
    p.add_argument("--quiet", action="store_true", help="no progress bars")
    p.add_argument("--json", action="store_true", help="print the report as JSON")

    p = sub.add_parser("search", help="search the store")
    p.add_argument("query")
    p.add_argument("--k", type=int, default=5, help="number of results (default 5)")
    p.add_argument("--mode", choices=MODES, default="hybrid")
    p.add_argument("--fusion", choices=FUSIONS, default="weighted", help="how hybrid mode fuses (default weighted)")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    _add_filters(p)
    _add_store(p)
    _add_embedder(p, None)

    p = sub.add_parser("ask", help="answer a question with cited quotes from the documents")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print one JSON object: question, found, answer, citations")
    p.add_argument(
        "--extractive",
        action="store_true",
        help="never call the model endpoint, even when VANBAN_LLM_BASE_URL is set",
    )
    _add_filters(p)
    _add_store(p)
    _add_embedder(p, None)

    p = sub.add_parser("serve", help="start the web app")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: this machine only)")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--corpus")
    p.add_argument(
        "--auth",
        action="append",
        metavar="USER:PASSWORD",
        help="a user who may sign in; give it once per user (also $VANBAN_AUTH, comma-separated)",
    )
    p.add_argument("--auth-file", metavar="FILE", help="users who may sign in, one USER:PASSWORD a line")
    p.add_argument("--read-only", action="store_true", help="no uploads, no removals: the page only answers")
    p.add_argument(
        "--allow-remove-bundled",
        action="store_true",
        help="let the page remove the documents the corpus came with, not only uploaded ones",
    )
    _add_store(p)

    p = sub.add_parser("eval", help="measure retrieval and answer quality on a question set")
    p.add_argument(
        "--queries",
        action="append",
        help="question file in JSONL (default: the bundled dev set); give it twice to join two sets",
    )
    p.add_argument("--mode", choices=[*MODES, "all"], default="hybrid")
    p.add_argument("--k", type=int, default=10, help="passages retrieved per question (default 10)")
    p.add_argument("--json", action="store_true", help="print one JSON object with the metrics")
    p.add_argument("--report", metavar="DIR", help="write report.md, a chart, and TREC run and qrels files")
    p.add_argument("--ablation", action="store_true", help="hybrid with each query-time component off, per kind")
    p.add_argument("--no-ask", action="store_true", help="measure retrieval only, not `ask` answers")
    p.add_argument(
        "--generate",
        metavar="FILE",
        help="write a question set generated from the store's documents (structure and metadata) to FILE",
    )
    p.add_argument(
        "--half",
        choices=["tune", "test"],
        help="with --generate: put every question in this half (documents kept for tuning only)",
    )
    p.add_argument("--no-misses", action="store_true", help="do not list the questions answered wrong")
    p.add_argument("--split", choices=["tune", "test"], help="only the questions of this half of a generated set")
    p.add_argument(
        "--feedback",
        metavar="FILE",
        help="write the answers people marked right in the app as questions to FILE (and those marked wrong "
        "to FILE's -review.jsonl), from feedback.jsonl in the store",
    )
    p.add_argument(
        "--fit",
        metavar="FILE",
        help="fit the answer reader's weights on these questions and write them to FILE (answer/reader.json)",
    )
    p.add_argument(
        "--reader",
        metavar="FILE",
        help="answer with the reader weights in FILE (as --fit writes them) instead of answer/reader.json",
    )
    _add_store(p)
    _add_embedder(p, None)

    p = sub.add_parser("bench", help="measure ingest, embedding and search speed on the corpus")
    p.add_argument("--corpus")
    p.add_argument("--queries", type=int, default=240, help="search queries per mode (default 240)")
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--ocr",
        action="store_true",
        help="instead: OCR of scans made from the corpus (character error rate at 200 and 300 dpi, pages/s)",
    )
    p.add_argument(
        "--load",
        choices=["search", "ask"],
        help="instead: start the app on loopback over the store and call this endpoint with many users",
    )
    p.add_argument(
        "--files",
        type=int,
        help="instead: generate this many documents and measure ingest, start-up, memory and latency at that size",
    )
    p.add_argument(
        "--ann",
        type=int,
        metavar="N",
        help="instead: approximate dense search at N synthetic vectors (recall@10 against exact, latency)",
    )
    p.add_argument(
        "--via",
        choices=["page", "api"],
        default="page",
        help="with --load: call the page's endpoint as Gradio's client does, or the JSON API (/v1/)",
    )
    p.add_argument("--users", type=int, default=20, help="with --load: users at once (at most 50)")
    p.add_argument("--seconds", type=float, default=60, help="with --load: how long (at most 120)")
    _add_store(p)
    return parser


def _duration(seconds: float) -> str:
    """ "about 70 minutes", "about 3 hours" — a person's estimate, not a stopwatch."""
    minutes = round(seconds / 60)
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{seconds / 3600:.1f} hours".replace(".0 hours", " hours")


def _progress(quiet: bool):
    if quiet:
        return None
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}
    labels = {"read": "reading files", "ocr": "OCR of scanned pages", "embed": "embedding"}
    started: dict[str, float] = {}

    def update(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            started[stage] = time.monotonic()
            bar = bars[stage] = tqdm(
                total=total,
                desc=labels.get(stage, stage),
                unit={"embed": "chunk", "ocr": "page"}.get(stage, "file"),
                file=sys.stderr,
            )
        elif stage == "embed" and bar.n == 0 and 0 < done < total:
            # the first batch gives the pace: a long ingest says at once how long it will take
            left = (time.monotonic() - started[stage]) / done * (total - done)
            if left >= 120:
                tqdm.write(f"embedding {total:,} passages: about {_duration(left)} at this pace", file=sys.stderr)
        bar.total = total
        bar.n = done
        bar.refresh()
        if done >= total:
            bar.close()

    return update


def cmd_ingest(args) -> int:
    from answer.answerable import background_vectors
    from index.build import NothingToIndex, ingest_corpus
    from index.embedders import make_embedder

    corpus, store = corpus_path(args.corpus), store_path(args.store)
    embedder = make_embedder(args.embedder, args.device)
    try:
        report = ingest_corpus(corpus, store, embedder, progress=_progress(args.quiet), rebuild=args.rebuild)
        background_vectors(store, embedder)  # what the first question would otherwise embed
    except NothingToIndex as exc:
        report = exc.report
        for err in report.errors:
            print(f"error: {err}", file=sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    for err in report.errors:
        print(f"error: {err}", file=sys.stderr)
    if args.json:
        data = {k: v for k, v in vars(report).items() if k != "errors"}
        data["errors"] = [{"source": e.source, "reason": e.reason} for e in report.errors]
        print(json.dumps(data, ensure_ascii=False))
    else:
        state = "updated" if report.changed else "already up to date"
        print(
            f"store {state}: {store}\n"
            f"  {report.files} files ({report.files_processed} read, {report.files_reused} unchanged, "
            f"{report.files_removed} removed), {report.chunks} passages, {report.chunks_embedded} embedded, "
            f"{report.seconds:.1f} s"
        )
        if report.errors:
            print(f"  {len(report.errors)} file(s) not ingested, listed above")
    return EXIT_FAIL if report.errors else EXIT_OK


def _print_hits(query: str, hits) -> None:
    if not hits:
        print("no results")
    for h in hits:
        c = h.chunk
        where = ", ".join(x for x in (f"p. {c.page}" if c.page else "", c.section or "") if x)
        meta = " · ".join(x for x in (h.doc.issuer, h.doc.date) if x) if h.doc else ""
        print(f"{h.rank}. [{h.score:.4f}] {c.title}" + (f"  ({meta})" if meta else ""))
        print(f"   {c.source}" + (f" · {where}" if where else ""))
        body = " ".join(c.text.split())
        print(textwrap.indent(textwrap.fill(textwrap.shorten(body, 400, placeholder=" …"), 96), "   "))


def cmd_search(args) -> int:
    import vanban

    searcher = vanban.open_searcher(args.store, args.embedder, args.device, fusion_method=args.fusion)
    hits = searcher.search(args.query, k=args.k, mode=args.mode, filters=_filters(args))
    if args.json:
        print(json.dumps({"query": args.query, "results": [h.to_json() for h in hits]}, ensure_ascii=False))
    else:
        _print_hits(args.query, hits)
    return EXIT_OK


def cmd_ask(args) -> int:
    import vanban

    answerer = vanban.open_answerer(args.store, args.embedder, args.device, generate=not args.extractive)
    answer = answerer.ask(args.question, filters=_filters(args))
    if args.json:
        print(json.dumps(answer.to_json(), ensure_ascii=False))
        return EXIT_OK
    print(answer.answer)
    if answer.found:
        print(f"\n({answer.kind}, confidence {answer.confidence:.2f})")
    if answer.citations:
        print()
    for c in answer.citations:
        where = ", ".join(x for x in (c.doc_code, c.section, f"p. {c.page}" if c.page else "") if x)
        print(f"[{c.n}] {c.title}" + (f" ({where})" if where else ""))
        print(f"    {c.source}")
        print(textwrap.indent(textwrap.fill(" ".join(c.quote.split()), 96), "    > "))
    for note in answer.notes:
        print(f"note: {note}", file=sys.stderr)
    return EXIT_OK


def cmd_serve(args) -> int:
    import os
    import threading

    from vanban.library import Library
    from vanban.users import UsersError, read_users

    try:
        users = read_users(args.auth or [], args.auth_file, os.environ.get("VANBAN_AUTH"))
    except UsersError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    # One thread per model call when serving: the requests run side by side on a busy machine, where
    # two threads waiting on each other took a query's embedding from 14 ms to 130 ms (p95); one
    # thread takes 25 ms idle and 46 ms under load. Set OMP_NUM_THREADS to choose otherwise.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    # Open the store and model while the server starts: the first answer comes sooner.
    library = Library(
        store_path(args.store),
        corpus_path(args.corpus),
        read_only=args.read_only,
        remove_bundled=args.allow_remove_bundled,
    )
    opening = threading.Thread(target=library.start, name="vanban-open", daemon=True)
    opening.start()
    from vanban.server import ServeError, serve

    try:
        serve(library, host=args.host, port=args.port, opening=opening, users=users)
    except ServeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def cmd_eval(args) -> int:
    from pathlib import Path

    import vanban
    from eval.evaluate import DEFAULT_QUERIES, run_eval
    from eval.queries import load_questions
    from eval.report import table, write_report
    from index.modes import MODES

    if args.feedback:
        from eval.feedback import read_feedback, write

        source = store_path(args.store) / "feedback.jsonl"
        if not source.is_file():
            print(
                f"error: no feedback yet in {source.parent.name}: the app's answers have not been marked",
                file=sys.stderr,
            )
            return EXIT_FAIL
        right, review = write(read_feedback(source), Path(args.feedback))
        print(f"wrote {right} questions to {args.feedback} and {review} answers to review beside it")
        return EXIT_OK
    if args.generate:
        from collections import Counter

        from eval.generate import write
        from index.store import load_store

        rows = write(load_store(store_path(args.store)).documents, Path(args.generate), args.half)
        counts = Counter((r["split"], r["kind"]) for r in rows)
        print(f"wrote {len(rows)} questions to {args.generate}")
        for split in ("tune", "test"):
            kinds = ", ".join(f"{k} {n}" for (s, k), n in sorted(counts.items()) if s == split)
            print(f"  {split}: {sum(n for (s, _), n in counts.items() if s == split)} ({kinds})")
        return EXIT_OK
    questions = [q for path in (args.queries or [DEFAULT_QUERIES]) for q in load_questions(Path(path))]
    if args.split:  # questions of a generated set carry their half; the others are kept, unless
        # they are about a document of the other half (its documents stay unseen)
        other = {g.source for q in questions if q.split not in (None, args.split) for g in q.relevant}
        questions = [
            q
            for q in questions
            if q.split == args.split or (q.split is None and not any(g.source in other for g in q.relevant))
        ]
        if not any(q.split == args.split for q in questions):
            print(
                f"vanban: no questions of the '{args.split}' half in {', '.join(args.queries or [])}", file=sys.stderr
            )
            return EXIT_USAGE
    searcher = vanban.open_searcher(args.store, args.embedder, args.device)
    if args.ablation:
        from eval.ablation import ablation_table, run_ablation

        variants = run_ablation(searcher, questions, k=args.k)
        if args.json:
            print(
                json.dumps({name: r.to_json()["modes"]["hybrid"] for name, r in variants.items()}, ensure_ascii=False)
            )
        else:
            print("Recall@5 per kind (change against the full system)\n")
            print(ablation_table(variants))
        return EXIT_OK
    if args.fit:
        return _fit(args, searcher, questions)
    modes = list(MODES) if args.mode == "all" else [args.mode]
    result = run_eval(searcher, questions, modes, k=args.k)
    asked = None
    if not args.no_ask:
        from answer.ask import Answerer
        from answer.reader import Reader
        from eval.answers import run_ask

        reader = Reader.load(Path(args.reader)) if args.reader else None
        asked = run_ask(Answerer(searcher, reader=reader), questions, result.relevant)
    if args.report:
        command = "vanban eval " + " ".join(sys.argv[2:]) if sys.argv[1:2] == ["eval"] else "vanban eval"
        for path in write_report(result, Path(args.report), command, asked):
            print(f"wrote {path}", file=sys.stderr)
    if args.json:
        data = result.to_json()
        if asked is not None:
            data["ask"] = {**asked.summary(), "by_kind": asked.by_kind()}
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(table(result))
        if asked is not None:
            from eval.answers import ask_table

            print()
            print(ask_table(asked, misses=not args.no_misses))
    return EXIT_OK


def _fit_command(args) -> list[str]:
    """The command that refits, with the store named by what it holds rather than where it lies."""
    words = ["vanban", "eval", "--store", "STORE"]
    for path in args.queries or []:
        words += ["--queries", Path(path).as_posix()]
    if args.split:
        words += ["--split", args.split]
    return [*words, "--fit", Path(args.fit).as_posix()]


def _fit(args, searcher, questions) -> int:
    from pathlib import Path

    from answer.ask import Answerer
    from answer.reader import neutral
    from eval.fit import fit_reader

    reader, stats = fit_reader(Answerer(searcher, reader=neutral()), questions)
    sources = ", ".join(Path(p).as_posix() for p in args.queries) if args.queries else "eval/queries.jsonl"
    about = {
        "fitted_on": sources + (f" (the {args.split} half of generated sets)" if args.split else ""),
        "command": " ".join(_fit_command(args)),
        **stats,
    }
    Path(args.fit).write_text(
        json.dumps(reader.to_json(**about), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(
        f"wrote {args.fit}: {stats['questions']} questions, {stats['units']} candidate units ({stats['positive_units']} right)"
    )
    print(
        f"  out of fold ({stats['folds']} folds of documents): answer right on {stats['answers_right']} of the "
        f"{stats['answered']} questions it answers; {stats['shown']} shown as an answer, {stats['shown_wrong']} of them wrong"
    )
    print(
        f"  shown as an answer from confidence {reader.show}; about one document, not found under {reader.not_found:.4f}"
    )
    return EXIT_OK


def cmd_bench(args) -> int:
    if args.ocr:
        return _bench_ocr(args)
    if args.ann:
        from index.ann import bench_ann

        r = bench_ann(args.ann)
        if args.json:
            print(json.dumps(r))
        else:
            print(
                f"{r['vectors']:,} synthetic 384-d vectors: graph built in {r['build_s']} s; recall@10 against "
                f"exact {r['recall_at_10']:.4f}; approximate p50 {r['ann_ms']['p50']} ms, p95 {r['ann_ms']['p95']} ms; "
                f"exact p50 {r['exact_ms']['p50']} ms, p95 {r['exact_ms']['p95']} ms"
            )
        return EXIT_OK
    if args.files:
        from eval.scale import format_scale, run_scale

        result = run_scale(args.files)
        print(json.dumps(result, ensure_ascii=False) if args.json else format_scale(result))
        return EXIT_OK
    if args.load:
        from eval.load import format_load, run_load

        result = run_load(
            store_path(args.store), corpus_path(args.corpus), args.load, args.users, args.seconds, args.via
        )
        print(json.dumps(result, ensure_ascii=False) if args.json else format_load(result))
        return EXIT_OK
    from eval.bench import format_bench, run_bench

    result = run_bench(corpus_path(args.corpus), n_queries=args.queries, quiet=args.json)
    print(json.dumps(result, ensure_ascii=False) if args.json else format_bench(result))
    return EXIT_OK


def _bench_ocr(args) -> int:
    from eval.scans import bench_ocr, vietnamese_font
    from ingest import ocr
    from ingest.pipeline import discover, load_documents, relative_source

    missing = ocr.available()
    if missing:
        print(f"vanban bench --ocr: {missing}", file=sys.stderr)
        return EXIT_FAIL
    root = corpus_path(args.corpus)
    # the first 1,800 characters of each bundled document: about one A4 page each
    texts = [d.text[:1800] for p in discover(root) for d in load_documents(p, relative_source(p, root), "-")[:1]]
    rows = bench_ocr(texts, vietnamese_font())
    if args.json:
        print(json.dumps(rows))
    else:
        print(f"OCR (Tesseract, vie) of {len(texts)} A4 pages rendered from the corpus, 12 pt:")
        for r in rows:
            print(f"  {r['dpi']} dpi: character error rate {100 * r['cer']:.2f}%, {r['pages_per_s']:.2f} pages/s")
    return EXIT_OK


COMMANDS = {
    "ingest": cmd_ingest,
    "search": cmd_search,
    "ask": cmd_ask,
    "serve": cmd_serve,
    "eval": cmd_eval,
    "bench": cmd_bench,
}


def main(argv: list[str] | None = None) -> int:
    # Arguments that are not UTF-8 (a query typed in a legacy terminal) become U+FFFD, so that every
    # line vanban prints, JSON included, is valid UTF-8.
    argv = [
        a.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
        for a in (sys.argv[1:] if argv is None else argv)
    ]
    args = build_parser().parse_args(argv)  # --help ends here, before anything heavy is imported
    from answer.reader import ReaderError
    from eval.queries import QueriesError
    from index.embedders import EmbedderError
    from index.search import QueryError
    from index.store import StoreError

    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )
    try:
        return COMMANDS[args.command](args)
    except (QueryError, QueriesError, ReaderError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (StoreError, EmbedderError, FileNotFoundError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("interrupted; the store is unchanged unless the run had finished", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
