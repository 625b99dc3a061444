"""The `briefing` command: a thin layer that turns library errors into clear messages."""
from __future__ import annotations

import argparse
import dataclasses
import logging
import sys
from pathlib import Path

from .config import ConfigError, load_settings

EXAMPLES = {
    "build": "briefing build                      # content/ -> site/ (with site/briefing.json)\n"
             "  briefing build --content news --site public --strict\n"
             "  briefing build --full               # render every page again, not only the changed ones",
    "extract": "briefing extract --content content --out /tmp/briefing.json\n"
               "  briefing extract --dask tcp://10.0.0.5:8786 --out /tmp/briefing.json   # on a Dask cluster",
    "check": "briefing check --content content     # list every problem, build nothing",
    "serve": "briefing serve --port 8000           # live preview; re-renders on changes",
    "add": "briefing add https://example.com/news/talks-resume   # one article (or several addresses)\n"
           "  briefing add --feed https://example.com/world/rss.xml  # every new article of an RSS or Atom feed\n"
           "  briefing add --feeds                 # every feed listed in feeds.yml (one address a line: - https://...)",
}


def make_parser() -> argparse.ArgumentParser:
    """The command line: every command and option (the README documents each; tests/test_readme.py)."""
    parser = argparse.ArgumentParser(prog="briefing", description="Turn a folder of news articles into a briefing site.",
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="examples:\n  " + "\n  ".join(EXAMPLES.values()))
    parser.add_argument("--project", type=Path, default=Path("."), help="folder holding mkdocs.yml and templates/ (default: .)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, help_text: str):
        sub = commands.add_parser(name, help=help_text, description=help_text, epilog="example:\n  " + EXAMPLES[name],
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
        sub.add_argument("--content", type=Path, default=Path("content"), help="article folder (default: content)")
        sub.add_argument("--strict", action="store_true", help="fail on any problem in the input")
        return sub

    build = command("build", "extract, render pages, build the site and write briefing.json into it")
    build.add_argument("--site", type=Path, default=Path("site"), help="output folder (default: site)")
    build.add_argument("--full", action="store_true",
                       help="render every page with MkDocs (default: only the pages that changed since the last build)")
    build.add_argument("--no-wait", dest="wait", action="store_false",
                       help="fail at once when another build of the project is running (default: wait for it)")
    extract = command("extract", "extraction only: write the briefing.json export to a file")
    extract.add_argument("--out", type=Path, required=True, help="where to write the export")
    for sub in (build, extract):
        sub.add_argument("--dask", metavar="ADDRESS", default=None,
                         help="extract on a Dask cluster: its scheduler (tcp://host:8786), or 'local' for a cluster "
                              "on this machine (default: setting dask_scheduler, else this machine's processes)")
    command("check", "validate articles and templates without building; non-zero exit on any problem")
    serve = command("serve", "serve the site on localhost and rebuild when articles, templates or settings change")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--site", type=Path, default=Path("site"), help="output folder (default: site)")

    add = commands.add_parser("add", help="save articles from web addresses or news feeds into content/",
                              description="Download each page, take its main text, title, date, author and site "
                                          "name, and write it into the content folder as an article (an address or "
                                          "a text already there is skipped).",
                              epilog="examples:\n  " + EXAMPLES["add"], formatter_class=argparse.RawDescriptionHelpFormatter)
    add.add_argument("urls", nargs="*", metavar="URL", help="web address of an article")
    add.add_argument("--feed", action="append", default=[], metavar="FEED_URL", help="an RSS or Atom feed (repeatable)")
    add.add_argument("--feeds", action="store_true", help="every feed listed in feeds.yml (next to mkdocs.yml)")
    add.add_argument("--content", type=Path, default=Path("content"), help="article folder (default: content)")
    add.add_argument("--timeout", type=float, default=None,
                     help="seconds to wait for a server (default: setting fetch_timeout, 20)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO, format="%(levelname)s: %(message)s")
    from .build import BuildError, Project, build, check, make_briefing
    from .extract import ModelNotInstalled

    try:
        settings = load_settings(args.project / "mkdocs.yml")
        if getattr(args, "dask", None) is not None:
            settings = dataclasses.replace(settings, dask_scheduler=args.dask)
        project = Project(args.project.resolve(), settings)
        if args.command == "extract":
            from .export import write_json

            briefing = make_briefing(args.content, settings, project.root / settings.cache_dir, strict=args.strict)
            write_json(briefing, args.out)
            print(f"wrote {args.out}: {len(briefing.articles)} articles, {len(briefing.actors)} actors, "
                  f"{len(briefing.quotes)} quotes, {len(briefing.events)} events")
            return 0
        if args.command == "build":
            site = build(project, args.content, args.site, strict=args.strict, full=args.full, wait=args.wait)
            _summarise(project, site)
            return 0
        if args.command == "check":
            problems = check(project, args.content)
            for problem in problems:
                print(problem)
            print(f"{len(problems)} problem(s)" + (" (nothing was built)" if problems else ": ready to build"))
            return 1 if problems else 0
        if args.command == "add":
            return _add(args, project)
        if args.command == "serve":
            from .serve import serve

            serve(project, args.content, args.site, args.port)
            return 0
    except (BuildError, ConfigError, ModelNotInstalled) as error:
        print(f"briefing: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        if args.command in ("build", "serve"):
            print(f"briefing: interrupted; {args.site} is left as it was", file=sys.stderr)
        else:
            print("briefing: interrupted", file=sys.stderr)
        return 130
    except OSError as error:  # a folder that cannot be written, a disk that is full
        where = f" ({error.filename})" if getattr(error, "filename", None) else ""
        print(f"briefing: error: {error.strerror or error}{where}", file=sys.stderr)
        return 1
    return 2


def _add(args, project) -> int:
    """`briefing add`: one line per address (added, skipped or why not); non-zero exit if any failed."""
    from .add import add_all, read_feed_list
    from .build import _progress

    feeds = list(args.feed)
    if args.feeds:
        listing = project.root / "feeds.yml"
        try:
            feeds += read_feed_list(listing)
        except ValueError as error:
            print(f"briefing: error: {error}", file=sys.stderr)
            return 1
        if not feeds:
            print(f"briefing: error: {listing} lists no feeds", file=sys.stderr)
            return 1
    if not args.urls and not feeds:
        print("briefing: error: give one or more addresses, --feed FEED_URL or --feeds", file=sys.stderr)
        return 2
    timeout = args.timeout or project.settings.fetch_timeout
    outcomes = add_all(args.urls, feeds, args.content, timeout,
                       progress=lambda todo: _progress(todo, len(todo), "fetching", "page"))
    for outcome in outcomes:
        print(outcome.line(), file=sys.stderr if outcome.error else sys.stdout)
    added = sum(1 for o in outcomes if o.path)
    failed = sum(1 for o in outcomes if o.error)
    print(f"{added} article(s) added to {args.content}, {len(outcomes) - added - failed} already there, "
          f"{failed} failed")
    return 1 if failed else 0


def _summarise(project, site: Path) -> None:
    """One line after a build: what was built and how many input problems were skipped (as the build
    recorded them: reading the site's briefing.json took seconds and gigabytes at 10,000 articles)."""
    from .pages import read_stamp

    stamp = read_stamp(project)
    if stamp.get("site") != str(site) or not isinstance(stamp.get("counts"), str):
        print(f"built {site}")  # (a strict build records nothing: it had no problems)
        return
    line = f"built {site}: {stamp['counts']}"
    problems = stamp.get("problems")
    if isinstance(problems, int) and problems:
        line += (f"; {problems} problem(s) in the input were skipped (listed above; "
                 "`briefing check` lists them, `--strict` fails on them)")
    print(line)


if __name__ == "__main__":
    sys.exit(main())
