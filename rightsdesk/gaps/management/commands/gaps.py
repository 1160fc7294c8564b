"""`rightsdesk gaps topics|scan|report|worklist|demo|spark`: the content-gap observatory's command
line.

Every failure a user can cause (a missing, truncated or wrong file, an unknown code) ends in a
CommandError naming the file, line or code, and a non-zero exit; never a traceback.
"""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from rightsdesk.core import csvsafe
from rightsdesk.gaps import refdata, services, store
from rightsdesk.gaps.metrics import queries
from rightsdesk.gaps.metrics import spark as on_spark
from rightsdesk.gaps.online import FetchError, OnlineClient, urllib_fetcher
from rightsdesk.gaps.readers.compressed import DumpError
from rightsdesk.gaps.readers.dumpscan import Progress
from rightsdesk.gaps.topics.build import build_topics, write_topics
from rightsdesk.gaps.topics.io import TopicFileError, read_topics
from rightsdesk.gaps.worklists import UnknownLanguage, resolve, to_csv, to_wikitext

DEMO_DUMP = "wikidata-dump-head-2017.ndjson"
SHIPPED_DUMP = refdata.DUMP_HEAD


def shared_data_dir() -> Path:
    """`shared/data` beside the checkout (where the project's real reference files live)."""
    return Path(settings.BASE_DIR).parent.parent / "shared" / "data"


def demo_dump() -> Path:
    """The dump head in shared/data when the checkout has it beside it, else the project's own
    gzipped copy of the same file (rightsdesk/gaps/refdata, see SOURCES.md)."""
    shared = shared_data_dir() / DEMO_DUMP
    return shared if shared.is_file() else SHIPPED_DUMP


class Command(BaseCommand):
    help = "Human-rights content gaps across Wikipedias: build topics, scan dumps, report."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        topics = sub.add_parser("topics", help="build the topic set from a Wikidata JSON dump")
        topics.add_argument("dump", type=Path)
        topics.add_argument("-o", "--output", type=Path, help="default: DATA_DIR/gaps/topics.tsv")
        topics.add_argument("--no-progress", action="store_true")

        scan = sub.add_parser("scan", help="measure every topic in every Wikipedia")
        scan.add_argument("dump", type=Path, nargs="?", help="Wikidata JSON dump (.json[.gz|.bz2])")
        scan.add_argument(
            "--topics", type=Path, help="topic TSV (default DATA_DIR/gaps/topics.tsv)"
        )
        scan.add_argument("--all-items", action="store_true", help="every item is a topic")
        scan.add_argument("--sitelinks-sql", type=Path, help="wb_items_per_site SQL dump")
        scan.add_argument(
            "--pages", action="append", default=[], metavar="[WIKI=]PATH",
            help="a wiki's page SQL dump, for page_len (repeatable)",
        )  # fmt: skip
        scan.add_argument("--features", type=Path, help="TSV of article quality features")
        scan.add_argument("--online", action="store_true", help="use the Wikidata/MediaWiki APIs")
        scan.add_argument("--contact", default="", help="your e-mail or wiki user, for the UA")
        scan.add_argument("--wikis", default="", help="online: wikis to fetch lengths for")
        scan.add_argument("--max-malformed", type=int, default=1000)
        scan.add_argument("--no-progress", action="store_true")

        report = sub.add_parser("report", help="coverage, extent, gap and need per Wikipedia")
        report.add_argument("--set", dest="language_set", help="a language set, e.g. india")
        report.add_argument("--languages", default="", help="comma-separated language codes")
        report.add_argument("--format", choices=("text", "csv", "json"), default="text")
        report.add_argument("--limit", type=int, default=0)

        work = sub.add_parser("worklist", help="missing topics and stubs for an event")
        work.add_argument("--lang", default="", help="language code(s), comma-separated")
        work.add_argument("--set", dest="language_set", help="a language set, e.g. india")
        work.add_argument("--from", dest="sources", default="", help="source languages, e.g. en,de")
        work.add_argument("--format", choices=("csv", "wikitext"), default="csv")
        work.add_argument("-o", "--output", type=Path)
        work.add_argument("--limit", type=int, default=0)

        spark = sub.add_parser("spark", help="run the metrics on Spark over the scan's Parquet")
        spark.add_argument("--inputs", type=Path, help="default: DATA_DIR/gaps/observatory-inputs")
        spark.add_argument("-o", "--output", type=Path, help="default: DATA_DIR/gaps/spark-results")
        spark.add_argument("--master", default="local[2]", help="Spark master (local mode)")
        spark.add_argument(
            "--small", action="store_true", help="start fast for small inputs (the dump head)"
        )

        demo = sub.add_parser("demo", help="scan the real 49-item dump head so pages show data")
        demo.add_argument(
            "--dump", type=Path, help=f"default: shared/data/{DEMO_DUMP} or the shipped copy"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            getattr(self, f"do_{action}")(options)
        except (DumpError, TopicFileError, UnknownLanguage, FetchError, ValueError) as exc:
            raise CommandError(str(exc)) from exc

    # -- progress ---------------------------------------------------------------------------
    def _bars(self, options: dict[str, Any]) -> services.ProgressFactory | None:
        if options.get("no_progress"):
            return None

        def factory(label: str, total: int) -> Progress:
            bar = tqdm(total=total, unit="B", unit_scale=True, desc=label, file=sys.stderr)
            started = time.monotonic()

            def update(consumed: int, items: int) -> None:
                bar.update(consumed - bar.n)
                rate = items / max(time.monotonic() - started, 1e-9)
                bar.set_postfix_str(f"{items:,} items, {rate:,.0f} items/s", refresh=False)
                if consumed >= total:
                    bar.close()

            return update

        return factory

    # -- subcommands ------------------------------------------------------------------------
    def do_topics(self, options: dict[str, Any]) -> None:
        out = options["output"] or store.gaps_dir() / "topics.tsv"
        bars = self._bars(options)
        dump: Path = options["dump"]
        progress = (
            bars("topics " + dump.name, dump.stat().st_size) if bars and dump.is_file() else None
        )
        build = build_topics(dump, progress=progress)
        write_topics(build, out, source=dump.name)
        self.stdout.write(f"{len(build.topics)} topics written to {out}")
        for label in build.missing_anchors:
            self.stderr.write(f"note: no item labelled {label!r} in this dump")
        if build.unresolved_places:
            self.stderr.write(
                f"note: {len(build.unresolved_places)} series items name no known country"
            )
        self._report_malformed(build.stats.malformed, build.stats.malformed_lines)

    def do_scan(self, options: dict[str, Any]) -> None:
        topics = None
        topic_source = ""
        if not options["all_items"]:
            path = options["topics"] or store.gaps_dir() / "topics.tsv"
            if not path.is_file() and not options["topics"]:
                raise CommandError(
                    "no topic set yet: run `rightsdesk gaps topics DUMP` first, "
                    "or pass --topics FILE or --all-items"
                )
            topics, topic_source = read_topics(path)
        online = None
        if options["online"]:
            if not options["contact"]:
                raise CommandError("--online needs --contact (Wikimedia asks every client for one)")
            online = OnlineClient(
                fetch=urllib_fetcher,
                contact=options["contact"],
                cache_dir=store.gaps_dir() / "cache",
            )
        pages = []
        for spec in options["pages"]:
            wiki, _, path_text = spec.rpartition("=")
            pages.append((wiki or None, Path(path_text)))
        summary = services.scan(
            dump=options["dump"],
            topics=topics,
            topic_source=topic_source,
            sitelinks_sql=options["sitelinks_sql"],
            page_dumps=pages,
            features=options["features"],
            online=online,
            online_wikis=[w for w in options["wikis"].split(",") if w],
            max_malformed=options["max_malformed"],
            progress=self._bars(options),
        )
        for warning in summary.warnings:
            self.stderr.write(f"warning: {warning}")
        self._report_malformed(summary.malformed, summary.malformed_lines)
        self.stdout.write(
            f"scanned {summary.entities:,} entities: {summary.topics:,} topics, "
            f"{summary.sitelinks:,} Wikipedia sitelinks; lengths for "
            f"{len(summary.lengths_for)} wikis; published {summary.store}"
        )

    def do_demo(self, options: dict[str, Any]) -> None:
        dump = options["dump"] or demo_dump()
        if not dump.is_file():
            raise CommandError(f"{dump}: not found; pass --dump PATH to the dump head file")
        summary = services.scan(dump=dump, topics=None)
        self.stdout.write(
            f"demo: {summary.topics} items from {dump.name} published; see /gaps/ "
            "(a real dump head: general items, not a human-rights topic set)"
        )

    def do_spark(self, options: dict[str, Any]) -> None:
        """metrics.sql on a local Spark over the Parquet inputs of the last scan (or --inputs),
        results as Parquet under --output. A Spark session already running in this process (a
        test's) is used and left running; one started here is stopped here."""
        inputs: Path = options["inputs"] or store.inputs_dir()
        if not inputs.is_dir():
            raise CommandError(
                f"{inputs}: no Parquet inputs; run `rightsdesk gaps scan ...` "
                "(or `gaps demo`) first"
            )
        output: Path = options["output"] or store.gaps_dir() / "spark-results"
        started = time.perf_counter()
        try:
            # pyspark is the optional `spark` extra; imported only for this subcommand.
            from pyspark.errors import PySparkException  # noqa: PLC0415
            from pyspark.sql import SparkSession  # noqa: PLC0415
        except ImportError:
            raise CommandError(on_spark.NO_PYSPARK) from None
        running = SparkSession.getActiveSession()
        try:
            session = running or on_spark.local_session(
                master=options["master"],
                work_dir=store.gaps_dir() / "spark-work",
                small=options["small"],
            )
        except on_spark.SparkUnavailable as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Spark {session.version} ready in {time.perf_counter() - started:.1f} s")
        try:
            names = on_spark.run(
                session,
                inputs,
                output,
                on_step=lambda name, seconds: self.stdout.write(f"  {name}: {seconds:.2f} s"),
            )
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        except PySparkException as exc:  # e.g. a damaged Parquet file: Spark's own first line
            raise CommandError(f"Spark: {str(exc).splitlines()[0]}") from exc
        finally:
            if running is None:
                session.stop()
        self.stdout.write(
            f"{len(names)} tables written to {output} in {time.perf_counter() - started:.1f} s"
        )

    def _report_malformed(self, count: int, lines: list[tuple[int, str]]) -> None:
        if count:
            shown = "; ".join(f"line {n}: {why}" for n, why in lines[:5])
            self.stderr.write(f"warning: {count} malformed lines skipped ({shown})")

    def _connection(self) -> Any:
        con = store.connect_published()
        if con is None:
            raise CommandError("no data yet; run `rightsdesk gaps scan ...` (or `gaps demo`) first")
        return con

    def do_report(self, options: dict[str, Any]) -> None:
        con = self._connection()
        codes = [c for c in options["languages"].split(",") if c]
        if options["language_set"] or codes:
            languages = resolve(codes, language_set=options["language_set"])
            rows = []
            for language in languages:
                row = queries.wiki_row(con, language.wiki.code) if language.wiki else None
                rows.append(
                    {
                        "language": language.code,
                        "name": language.name,
                        "wiki": language.wiki.code if language.wiki else "",
                        "has_wikipedia": language.wiki is not None,
                        "open": bool(language.wiki and language.wiki.open),
                        **{k: v for k, v in (row or {}).items() if k not in ("wiki",)},
                    }
                )
            with_wiki = [r for r in rows if r["has_wikipedia"]]
            summary = f"{len(with_wiki)} of {len(rows)} languages have a Wikipedia"
            without = ", ".join(
                f"{r['name']} ({r['language']})" for r in rows if not r["has_wikipedia"]
            )
        else:
            rows = queries.wiki_table(con)
            summary, without = f"{len(rows)} open Wikipedias", ""
        con.close()
        if options["limit"]:
            rows = rows[: options["limit"]]
        self._emit_report(rows, options["format"], summary, without)

    def _emit_report(
        self, rows: list[dict[str, Any]], fmt: str, summary: str, without: str
    ) -> None:
        if fmt == "json":
            self.stdout.write(
                json.dumps(
                    {"summary": summary, "no_wikipedia": without, "rows": rows},
                    default=str,
                    indent=1,
                )
            )
            return
        columns = (
            "wiki",
            "language_name",
            "present",
            "topics",
            "coverage",
            "extent",
            "gap_index",
            "need",
            "priority",
        )
        if fmt == "csv":
            out = io.StringIO()
            writer = csvsafe.DictWriter(
                out,
                fieldnames=["language", "name", "has_wikipedia", *columns],
                extrasaction="ignore",
                lineterminator="\n",
            )
            writer.writeheader()
            writer.writerows(rows)
            self.stdout.write(out.getvalue(), ending="")
            return
        self.stdout.write(summary + (f"; no Wikipedia: {without}" if without else ""))
        self.stdout.write(
            f"{'wiki':<14}{'language':<22}{'present':>9}{'coverage':>10}{'extent':>8}{'gap':>7}{'need':>7}{'priority':>10}"
        )
        for row in rows:
            if row.get("has_wikipedia") is False:
                self.stdout.write(f"{'-':<14}{row['name']:<22}  NO WIKIPEDIA ({row['language']})")
                continue
            if row.get("coverage") is None:
                self.stdout.write(
                    f"{row.get('wiki', ''):<14}{row.get('name', ''):<22}  not in this scan"
                )
                continue
            self.stdout.write(
                f"{row['wiki']:<14}{row['language_name'][:21]:<22}"
                f"{row['present']:>4}/{row['topics']:<4}{row['coverage']:>10.2f}"
                f"{_num(row['extent']):>8}{row['gap_index']:>7.2f}{_num(row['need']):>7}"
                f"{row['priority']:>10.3f}"
            )

    def do_worklist(self, options: dict[str, Any]) -> None:
        codes = [c for c in options["lang"].split(",") if c]
        if not codes and not options["language_set"]:
            raise CommandError("name the language(s): --lang my or --set india")
        languages = resolve(codes, language_set=options["language_set"])
        if len(languages) == 1 and languages[0].wiki is None:
            only = languages[0]
            raise CommandError(
                f"{only.name} ({only.code}) has no Wikipedia (wikis.tsv); nothing to work on"
            )
        sources = []
        for code in [c for c in options["sources"].split(",") if c]:
            found = resolve([code])[0].wiki
            if found is None:
                raise CommandError(f"source language {code!r} has no Wikipedia")
            sources.append(found.code)
        con = self._connection()
        parts: list[str] = []
        for index, language in enumerate(languages):
            if language.wiki is None:
                self.stderr.write(
                    f"note: {language.name} ({language.code}) has no Wikipedia; skipped"
                )
                continue
            rows = queries.worklist(
                con, wiki=language.wiki.code, sources=sources, limit=options["limit"] or None
            )
            if options["format"] == "wikitext":
                parts.append(
                    f"== {language.name} ({language.wiki.code}) ==\n" if len(languages) > 1 else ""
                )
                parts.append(to_wikitext(rows, wiki=language.wiki.code))
            else:
                text = to_csv(rows, wiki=language.wiki.code if len(languages) > 1 else None)
                parts.append(text if index == 0 or not parts else text.split("\n", 1)[1])
        con.close()
        output = "".join(parts)
        if options["output"]:
            options["output"].write_text(output, encoding="utf-8")
            self.stdout.write(f"written to {options['output']}")
        else:
            self.stdout.write(output, ending="")


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"
