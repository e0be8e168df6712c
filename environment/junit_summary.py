#!/usr/bin/env python3
"""Summarises JUnit XML reports (surefire's, pytest's) and a Maven log into one verdict.

Maven runs with test failures ignored so that one module's failing test does not hide the other
modules' results; this script then names every failed or erroring test and exits 1 if any
failed, or if the Maven log shows a build error or a test JVM that died (which leaves no report).

    junit_summary.py --label "JDK 17" --maven-log target/mvn.log DIR_OR_XML ...
"""
from __future__ import annotations

import argparse
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

# Maven's own lines (not test output, which may mention anything) that mean results are missing.
FATAL = re.compile(r"^\[INFO\] BUILD FAILURE$|^\[ERROR\] .*(?:The forked VM terminated|"
                   r"There was an error in the forked process|Crashed tests:).*$", re.MULTILINE)


def reports(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for p in paths:
        found.extend(sorted(p.glob("TEST-*.xml")) if p.is_dir() else [p] if p.is_file() else [])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--label", default="tests")
    parser.add_argument("--maven-log", type=Path)
    args = parser.parse_args(argv)

    total = skipped = 0
    failed: list[str] = []
    for report in reports(args.paths):
        for case in ET.parse(report).getroot().iter("testcase"):
            total += 1
            if case.find("skipped") is not None:
                skipped += 1
            for kind in ("failure", "error"):
                problem = case.find(kind)
                if problem is not None:
                    message = (problem.get("message") or problem.get("type") or "").strip().splitlines()
                    failed.append(f"{case.get('classname')}.{case.get('name')}: {kind}"
                                  + (f": {message[0][:200]}" if message else ""))
    fatal: list[str] = []
    if args.maven_log and args.maven_log.exists():
        fatal = sorted({m.group(0) for m in FATAL.finditer(args.maven_log.read_text(errors="replace"))})
    print(f"[tests] {args.label}: {total} tests, {len(failed)} failed, {skipped} skipped")
    for line in failed:
        print(f"[tests]   FAILED {line}")
    for line in fatal:
        print(f"[tests]   Maven: {line} (see {args.maven_log})")
    if total == 0:
        print(f"[tests]   no test reports found under {', '.join(map(str, args.paths))}")
    return 1 if failed or fatal or total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
