"""`make mutate`: mutation-test the domain core and report a score per module.

mutmut (pinned in requirements-dev.txt, configured under [tool.mutmut] in
pyproject.toml) changes one thing at a time in the core modules (a flipped
comparison, a swapped `and`/`or`, a dropped statement, a changed constant or
return) and runs, for each mutant, only the tests of the selection that call the
mutated function. A mutant that no test notices "survives".

This script runs mutmut afresh, then prints a table of mutants, kills and score
per module, and every surviving mutant as a diff. Mutants listed in
mutation/equivalent.toml (each with its reason) are equivalent to the original
and left out of the score. They are not run unless --check-equivalents asks: a
mutant no test can kill runs every test that calls its function to the end (42 to
87 s each for VersionedModel.save's, 58 tests, on the loaded machine), where a killed
one stops at its first failing test. It exits 1 when a module scores below the bar,
or an entry of that list matches no mutant (the code changed) or a killed one.

    python mutation/run.py                      # every core module, from scratch
    python mutation/run.py series/fuzzy.py      # one module
    python mutation/run.py --survivors          # after adding tests: retest what survived
    python mutation/run.py --check-equivalents  # also run the listed equivalents
"""

import argparse
import datetime
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EQUIVALENT = ROOT / "mutation" / "equivalent.toml"
LOG = ROOT / "mutants" / "mutmut-run.log"
BAR = 95.0  # per-module score, in percent
# Only a failing test counts: the core has no loops, so a timeout (or the kill that ends
# one) means a busy machine, not a detected mutant; run again.
DETECTED = {"killed"}


def core_modules():
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["tool"]["mutmut"]["only_mutate"]


def function_of(mutant):
    """ "series.fuzzy.xǁFuzzyDateǁphrase__mutmut_3" -> "FuzzyDate.phrase"."""
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key

    function, cls = orig_function_and_class_names_from_key(mutant)
    return f"{cls}.{function}" if cls else function


def changed_lines(diff):
    """The removed and added lines of a mutant's diff, stripped: what identifies it."""
    lines = [line for line in diff.splitlines() if line[:1] in "-+" and line[:3] not in "---+++"]
    return [line[0] + " " + line[1:].strip() for line in lines]


def generate_mutants(children):
    """Write mutants/ (the mutated copy of the code) without running anything."""
    code = (
        "from mutmut.__main__ import create_mutants\n"
        "from mutmut.utils import file_utils as f\n"
        "f.copy_src_dir(); f.copy_also_copy_files(); f.setup_source_paths()\n"
        f"create_mutants({children})\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def run_mutmut(names, children):
    command = [str(Path(sys.executable).parent / "mutmut"), "run", "--max-children", str(children)]
    LOG.parent.mkdir(exist_ok=True)
    shown = names if len(names) <= 5 else [*names[:3], f"... ({len(names)} mutants)"]
    print(f"$ {' '.join(command + shown)}  (output in {LOG.relative_to(ROOT)})", flush=True)
    started = time.monotonic()
    next_report = started + 60
    with open(LOG, "w") as log:
        process = subprocess.Popen(
            command + names, cwd=ROOT, env=isolated_env(), stdout=log, stderr=subprocess.STDOUT
        )
        while process.poll() is None:
            time.sleep(1)
            if time.monotonic() >= next_report:
                next_report += 60
                print(f"  {progress()}", flush=True)
    print(f"mutmut finished in {time.monotonic() - started:.0f} s", flush=True)
    if process.returncode != 0:
        print(LOG.read_text(errors="replace")[-4000:])
        sys.exit(f"mutmut failed (exit {process.returncode}); see {LOG}")


def isolated_env():
    """The default settings: SQLite in memory and a local-memory cache, per process.

    Mutants run two at a time; a shared PostgreSQL test database or Redis cache would
    let one mutant's tests see another's rows and pages.
    """
    shared = {"DATABASE_URL", "CACHE_URL", "REPLICA_DATABASE_URL"}
    return {name: value for name, value in os.environ.items() if name not in shared}


def progress():
    """The last "done/total" counter mutmut printed, for a sign of life."""
    found = re.findall(r"(\d+/\d+)\s+🎉 (\d+).*?🙁 (\d+)", LOG.read_text(errors="replace")[-2000:])
    if not found:
        return "preparing (copying, mutating, collecting which tests call what)"
    done, killed, survived = found[-1]
    return f"{done} mutants tried, {killed} killed, {survived} survived"


def matching_entries(module, mutant, diff, equivalents):
    """Indexes of the equivalent-list entries that describe this mutant."""
    change = changed_lines(diff)
    return [
        index
        for index, entry in enumerate(equivalents)
        if entry["module"] == module
        and entry["function"] == function_of(mutant)
        and [line.strip() for line in entry["change"].strip().splitlines()] == change
    ]


def results(modules):
    """{module: [(mutant, status, diff or None)]} read from mutmut's result files."""
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.mutation.diff_apply import get_diff_for_mutant
    from mutmut.stats import status_by_exit_code

    found = {}
    for module in modules:
        data = SourceFileMutationData(path=module)
        data.load()
        rows = []
        for mutant, code in sorted(data.exit_code_by_key.items(), key=lambda kv: natural(kv[0])):
            status = status_by_exit_code[code]
            diff = None if status in DETECTED else get_diff_for_mutant(mutant, path=module)
            rows.append((mutant, status, diff))
        found[module] = rows
    return found


def natural(name):
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name)]


def load_equivalents():
    with open(EQUIVALENT, "rb") as f:
        entries = tomllib.load(f).get("equivalent", [])
    for entry in entries:
        missing = {"module", "function", "change", "reason"} - entry.keys()
        if missing or not entry["reason"].strip():
            sys.exit(f"{EQUIVALENT.name}: entry {entry} needs module, function, change and reason")
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="core modules to mutate (default: all)")
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="test again only what the last run did not kill (after adding tests)",
    )
    parser.add_argument("--children", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--report-only", action="store_true", help="report the last run again")
    parser.add_argument(
        "--check-equivalents",
        action="store_true",
        help="run the listed equivalent mutants too (slow: each runs all its tests)",
    )
    args = parser.parse_args()

    os.chdir(ROOT)
    everything = core_modules()
    unknown = set(args.modules) - set(everything)
    if unknown:
        sys.exit(f"not a core module: {', '.join(sorted(unknown))}; core: {', '.join(everything)}")
    modules = args.modules or everything
    started = time.monotonic()
    if args.survivors:
        equivalents = [] if args.check_equivalents else load_equivalents()
        names = [
            mutant
            for module, rows in results(modules).items()
            for mutant, status, diff in rows
            if status not in DETECTED and not matching_entries(module, mutant, diff, equivalents)
        ]
        if names:
            run_mutmut(names, args.children)
    elif not args.report_only:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
        globs = [module.removesuffix(".py").replace("/", ".") + ".*" for module in modules]
        if args.check_equivalents:
            run_mutmut(globs, args.children)
        else:
            generate_mutants(args.children)
            equivalents = load_equivalents()
            names = [
                mutant
                for module, rows in results(modules).items()
                for mutant, _status, diff in rows
                if not matching_entries(module, mutant, diff, equivalents)
            ]
            run_mutmut(names, args.children)

    equivalents = load_equivalents()
    matched = Counter()
    failed = False
    table = []
    survivors = []
    for module, rows in results(modules).items():
        counts = Counter()
        for mutant, status, diff in rows:
            if status in DETECTED:
                counts["killed"] += 1
                continue
            # A listed equivalent counts as such whether it was run (and survived) or not.
            entries = matching_entries(module, mutant, diff, equivalents)
            if entries:
                matched.update(entries)
                counts["equivalent"] += 1
                continue
            if status == "not checked":  # the run was stopped before it got there
                counts["unchecked"] += 1
                continue
            counts[status] += 1
            survivors.append((module, mutant, status, diff))
        total = len(rows)
        judged = total - counts["equivalent"] - counts["unchecked"]
        score = 100.0 * counts["killed"] / judged if judged else 100.0
        failed |= score < BAR or counts["unchecked"] > 0
        table.append((module, total, counts, score))

    print()
    print(f"Mutation score per core module ({datetime.date.today().isoformat()}, bar {BAR:g} %)")
    print()
    print("| module | mutants | killed | equivalent | not killed | not checked | score |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for module, total, counts, score in table:
        not_killed = total - counts["killed"] - counts["equivalent"] - counts["unchecked"]
        print(
            f"| `{module}` | {total} | {counts['killed']} | {counts['equivalent']} "
            f"| {not_killed} | {counts['unchecked']} | {score:.1f} % |"
        )
    print()
    if survivors:
        print(f"{len(survivors)} mutants no test noticed (see `mutmut show NAME`):")
        for _module, mutant, status, diff in survivors:
            print(f"\n{mutant}  [{status}]")
            shown = [line for line in diff.splitlines() if not line.startswith(("---", "+++"))]
            print("\n".join(shown))
    else:
        print("Every mutant outside the equivalent list was killed.")

    stale = [
        entry
        for index, entry in enumerate(equivalents)
        if entry["module"] in modules and matched[index] != 1
    ]
    for entry in stale:
        print(
            f"\n{EQUIVALENT.name}: no single mutant left alive of {entry['module']} "
            f"{entry['function']} matches\n{entry['change']}\n(killed now, or the code changed: "
            "update the list)"
        )
    print(f"\nDone in {time.monotonic() - started:.0f} s.")
    if failed or stale:
        sys.exit(1)


if __name__ == "__main__":
    main()
