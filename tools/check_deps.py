#!/usr/bin/env python3
"""Checks the module layering of DESIGN.md §3 on every #include under src/.

Rules:
  1. A module may include its own headers and those of modules to its left in
     base → domain → refdata → {planimport, accounting, monitor} → indicators →
     {tracking, scenario} → store → app → server → cli → main
     (cli sits right of server because `carbonpeak serve` starts it).
     Modules inside one {group} do not include each other.
  2. No module includes another module's internal/ headers.
  3. Third-party headers stay inside their adapter directory (THIRD_PARTY below).
     Test and benchmark sources (*_test.cc, *_benchmark.cc) may include gtest/benchmark.
Exit status 1 and one line per violation ("file:line: message") when a rule is broken.
"""
import pathlib
import re
import sys

ORDER = [
    ["base"], ["domain"], ["refdata"], ["planimport", "accounting", "monitor"], ["indicators"],
    ["tracking", "scenario"], ["store"], ["app"], ["server"], ["cli"], ["main"],
]
RANK = {m: rank for rank, group in enumerate(ORDER) for m in group}

# header prefix -> directories (relative to src/) allowed to include it
THIRD_PARTY = {
    "httplib.h": ["server/http/"],
    "sqlite3.h": ["store/sqlite/"],
    "nlohmann/": ["planimport/", "store/sqlite/", "server/api/", "cli/"],
    "CLI/": ["cli/"],
    "sodium.h": ["server/auth/"],
    "zip.h": ["planimport/docx/", "base/xlsx/"],
    "pugixml.hpp": ["planimport/docx/", "base/xlsx/"],
    "poppler/": ["planimport/pdf/"],
    "opencc": ["planimport/"],
    "xlsxwriter.h": ["base/xlsx/"],
    "libpq-fe.h": ["store/postgres/"],
    "pqxx/": ["store/postgres/"],
    "coin/": ["scenario/pathway/clp/"],
    "glpk.h": ["scenario/pathway/glpk/"],
}
TEST_ONLY = ["gtest/", "gmock/", "benchmark/"]

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def check(root: pathlib.Path) -> list:
    src = root / "src"
    problems = []
    for path in sorted(src.rglob("*")):
        if path.suffix not in (".h", ".cc", ".cpp", ".hpp", ".inc"):
            continue
        rel = path.relative_to(src).as_posix()
        module = rel.split("/")[0]
        if module not in RANK:
            problems.append(f"src/{rel}:1: directory '{module}' is not a module of DESIGN.md §3; "
                            "add it to tools/check_deps.py ORDER")
            continue
        is_test = (path.stem.endswith("_test") or path.stem.endswith("_benchmark")
                   or path.stem == "test_util")
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = INCLUDE.match(line)
            if not m:
                continue
            header = m.group(2)
            where = f"src/{rel}:{lineno}"
            first = header.split("/")[0]
            if first in RANK and "/" in header:
                if first != module:
                    if RANK[first] >= RANK[module]:
                        problems.append(f"{where}: module '{module}' must not include '{header}' "
                                        f"('{first}' is not to its left in DESIGN.md §3)")
                    if "/internal/" in header:
                        problems.append(f"{where}: '{header}' is internal to module '{first}'")
                continue
            for prefix, allowed in THIRD_PARTY.items():
                if header.startswith(prefix) and not any(rel.startswith(a) for a in allowed):
                    if not is_test:
                        problems.append(f"{where}: third-party header '{header}' belongs in "
                                        f"{', '.join('src/' + a for a in allowed)} only")
            if any(header.startswith(t) for t in TEST_ONLY) and not is_test:
                problems.append(f"{where}: '{header}' may be used by tests and benchmarks only")
    return problems


def main() -> int:
    root = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path(__file__).parents[1]
    problems = check(root)
    for p in problems:
        print(p)
    if problems:
        print(f"check_deps: {len(problems)} layering violation(s)")
        return 1
    print("check_deps: layering OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
