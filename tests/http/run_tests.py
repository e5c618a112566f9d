"""Runs test modules as `python3 -m unittest -v` does, and then lists the slowest tests with their durations, so a
CI log says where the suite's time goes (Python 3.11 has no --durations).

JETWAY_TEST_ONLY, a regular expression, keeps only the tests whose ids (module.Class.test) it finds: a bounded variant
of a module, such as .ci/run's sanitizer pass on PostgreSQL takes of test_concurrency."""
import os
import re
import sys
import time
import unittest

SLOWEST = 8


class TimedResult(unittest.TextTestResult):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.durations = []
        self._started = {}

    def startTest(self, test):
        self._started[test.id()] = time.monotonic()
        super().startTest(test)

    def stopTest(self, test):
        super().stopTest(test)
        self.durations.append((time.monotonic() - self._started.pop(test.id()), test.id()))


def tests_of(suite):
    for item in suite:
        if isinstance(item, unittest.TestSuite):
            yield from tests_of(item)
        else:
            yield item


def main(modules):
    suite = unittest.defaultTestLoader.loadTestsFromNames(modules)
    only = os.environ.get("JETWAY_TEST_ONLY")
    if only:
        tests = list(tests_of(suite))
        kept = [t for t in tests if re.search(only, t.id())]
        print(f"JETWAY_TEST_ONLY={only}: {len(kept)} of {len(tests)} tests", file=sys.stderr)
        if not kept:
            print("JETWAY_TEST_ONLY matches no test here", file=sys.stderr)
            return 1
        suite = unittest.TestSuite(kept)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=TimedResult)
    result = runner.run(suite)
    print("slowest tests:", file=sys.stderr)
    for seconds, name in sorted(result.durations, reverse=True)[:SLOWEST]:
        print(f"  {seconds:7.2f} s  {name}", file=sys.stderr)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
