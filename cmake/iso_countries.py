#!/usr/bin/env python3
"""Writes the ISO 3166-1 country codes (alpha-2, alpha-3) from Debian's iso-codes package as C++ initialisers.

Run by the build (src/core/CMakeLists.txt): the codes are Debian's data, read at build time, never committed.
Usage: iso_countries.py INPUT_JSON OUTPUT_INC
"""
import json
import sys


def main(source, target):
    with open(source, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    pairs = sorted((c["alpha_2"], c["alpha_3"]) for c in countries)
    lines = [f'{{"{a2}", "{a3}"}},' for a2, a3 in pairs]
    with open(target, "w", encoding="ascii") as f:
        f.write("// Generated from " + source + " by cmake/iso_countries.py; sorted by alpha-2.\n")
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
