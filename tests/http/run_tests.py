"""Runs test modules as `python3 -m unittest -v` does, and then lists the slowest tests with their durations, so a
CI log says where the suite's time goes (Python 3.11 has no --durations)."""
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


def main(modules):
    suite = unittest.defaultTestLoader.loadTestsFromNames(modules)
    runner = unittest.TextTestRunner(verbosity=2, resultclass=TimedResult)
    result = runner.run(suite)
    print("slowest tests:", file=sys.stderr)
    for seconds, name in sorted(result.durations, reverse=True)[:SLOWEST]:
        print(f"  {seconds:7.2f} s  {name}", file=sys.stderr)
    return 0 if result.wasSuccessful() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
