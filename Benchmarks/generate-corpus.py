#!/usr/bin/env python3
"""Writes a large English and Japanese corpus of scenario text for the reading benchmark.

Deterministic: the same --seed, --megabytes and Scenarios/ give the same bytes. Sentences are cut
from the questions and options in Scenarios/ (written for this project) and shuffled into
paragraphs, one paragraph a line, so the text reads like exam scenarios with their real density of
needs and service names.

    python3 Benchmarks/generate-corpus.py --megabytes 50 > /tmp/corpus.txt

Generated corpora are not committed.
"""
import argparse
import glob
import os
import random
import re
import sys


def scenario_texts(root):
    """Question and option texts from every scenario file."""
    import yaml  # PyYAML

    texts = []
    for path in sorted(glob.glob(os.path.join(root, "*.yaml"))):
        with open(path, encoding="utf-8") as handle:
            for scenario in (yaml.safe_load(handle) or {}).get("scenarios", []):
                texts.append(str(scenario.get("question", "")))
                texts += [str(text) for text in (scenario.get("options") or {}).values()]
    return [" ".join(text.split()) for text in texts if text.strip()]


def sentences(texts):
    english, japanese = [], []
    for text in texts:
        if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", text):
            japanese += [part + "。" for part in text.split("。") if part.strip()]
        else:
            english += [part.strip() if part.strip()[-1] in ".?!" else part.strip() + "." for part in re.split(r"(?<=[.?!])\s+", text) if part.strip(" .")]
    return english, japanese


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=50)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--scenarios", default=os.path.join(os.path.dirname(__file__), "..", "Scenarios"))
    args = parser.parse_args()
    english, japanese = sentences(scenario_texts(args.scenarios))
    if not english or not japanese:
        sys.exit("generate-corpus: no scenario text found under " + args.scenarios)
    rng = random.Random(args.seed)
    target = int(args.megabytes * 1_000_000)
    written = 0
    out = sys.stdout.buffer
    while written < target:
        pool = japanese if rng.random() < 0.3 else english
        separator = "" if pool is japanese else " "
        line = (separator.join(rng.choice(pool) for _ in range(rng.randint(2, 6))) + "\n").encode("utf-8")
        try:
            out.write(line)
        except BrokenPipeError:
            return
        written += len(line)


if __name__ == "__main__":
    main()
