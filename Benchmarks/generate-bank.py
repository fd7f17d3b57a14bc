#!/usr/bin/env python3
"""Writes a large synthetic question bank for measuring `svcfit check` (speed, peak memory).

Deterministic: the same --seed and --count give the same bytes. Every question is assembled from
templates written for this project (no text from any real bank). A small share of questions is
multi-answer ("Choose two."), Japanese, keyed to a wrong option, names a product that does not
exist, or is malformed on purpose, so every verdict and the rejection path are exercised.

    python3 Benchmarks/generate-bank.py --count 1000000 --format jsonl > /tmp/bank.jsonl
    /usr/bin/time -v .build/release/svcfit check /tmp/bank.jsonl --format json > /dev/null

Generated banks are not committed.
"""
import argparse
import csv
import io
import json
import random
import sys

# (need in English, need in Japanese, the service that fits, services that fit less well)
NEEDS = [
    ("recognise famous people in uploaded photos with the least effort", "アップロードされた写真の著名人を最小限の労力で識別したい",
     "Amazon Rekognition", ["Amazon Polly", "Amazon Comprehend", "Amazon Translate"]),
    ("read product descriptions aloud in a natural voice", "商品説明を自然な音声で読み上げたい",
     "Amazon Polly", ["Amazon Transcribe", "Amazon Rekognition", "Amazon Textract"]),
    ("turn recorded support calls into text transcripts", "録音したサポート通話を文字起こししたい",
     "Amazon Transcribe", ["Amazon Polly", "Amazon Translate", "Amazon Kendra"]),
    ("pull printed fields and tables out of scanned invoices", "スキャンした請求書から項目と表を抽出したい",
     "Amazon Textract", ["Amazon Rekognition", "Amazon Comprehend", "Amazon Polly"]),
    ("translate customer reviews into several languages", "顧客レビューを複数の言語に翻訳したい",
     "Amazon Translate", ["Amazon Comprehend", "Amazon Transcribe", "Amazon Lex"]),
    ("stream clickstream JSON into S3 as Parquet without managing servers", "クリックストリームのJSONをサーバー管理なしでParquetとしてS3に配信したい",
     "Amazon Data Firehose with record format conversion", ["Amazon EMR", "Amazon EC2 with a cron job", "AWS Glue job every hour"]),
    ("find the sentiment of social media posts", "SNS投稿の感情を分析したい",
     "Amazon Comprehend", ["Amazon Polly", "Amazon Rekognition", "Amazon Textract"]),
]
FILLER = ["The team is small.", "The budget is limited.", "Traffic grows every month.", "The company runs on AWS.",
          "Data arrives around the clock.", "Several regions are involved."]
FILLER_JA = ["チームは小規模である。", "予算は限られている。", "トラフィックは毎月増えている。"]
MADE_UP = ["Amazon Predict", "AWS Vision Studio", "Amazon Voicebox"]


def question(rng, number):
    need_en, need_ja, right, others = NEEDS[rng.randrange(len(NEEDS))]
    japanese = rng.random() < 0.2
    wrong = rng.sample(others, 3)
    if rng.random() < 0.03:
        wrong[0] = rng.choice(MADE_UP)
    options = [right] + wrong
    rng.shuffle(options)
    letters = "ABCD"
    key = [letters[options.index(right)]]
    if japanese:
        text = rng.choice(FILLER_JA) + need_ja + "。どのサービスを使うべきか。"
    else:
        text = f"{rng.choice(FILLER)} A company needs to {need_en}. Which service should it use?"
    if rng.random() < 0.05:
        # Two keys: the engine should be asked for two; "Choose two." tells it so.
        second = next(letter for letter in letters if letter not in key)
        key = sorted(key + [second])
        text += " 2つ選択してください。" if japanese else " (Choose two.)"
    if rng.random() < 0.02:
        key = [rng.choice([letter for letter in letters if letter not in key])]
    return {"id": f"gen-{number}", "exam": rng.choice(["MLS-C01", "AIF-C01", "DEA-C01"]), "lang": "ja" if japanese else "en",
            "question": text, "options": dict(zip(letters, options)), "answers": key}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--format", choices=["jsonl", "csv", "markdown"], default="jsonl")
    parser.add_argument("--malformed", type=float, default=0.001, help="share of entries broken on purpose")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n", write_through=False)
    writer = None
    if args.format == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "exam", "lang", "question", "A", "B", "C", "D", "answer"])
    for number in range(1, args.count + 1):
        q = question(rng, number)
        broken = rng.random() < args.malformed
        if args.format == "jsonl":
            line = json.dumps(q, ensure_ascii=False)
            out.write((line[: len(line) // 2] if broken else line) + "\n")
        elif args.format == "csv":
            answer = "Z" if broken else ",".join(q["answers"])
            writer.writerow([q["id"], q["exam"], q["lang"], q["question"], *q["options"].values(), answer])
        else:
            out.write(f"{number}. {q['question']}\n\n")
            for letter, text in q["options"].items():
                mark = "x" if letter in q["answers"] and not broken else " "
                out.write(f"- [{mark}] {text}\n")
            out.write("\n")
    out.flush()


if __name__ == "__main__":
    main()
