#!/usr/bin/env python3
"""Generate Rules/catalog/aws.generated.yaml and Rules/catalog/gcp.generated.yaml.

The catalog lists every real AWS and Google product name, so svcfit can tell a real product that
has no rules yet from a bluff ("Amazon Predict", "AWS Vision") in an answer option. The names come
from the providers' own SDK metadata, never typed by hand:

  AWS     botocore: serviceFullName, serviceAbbreviation and serviceId of each service's latest
          service-2.json.
  Google  google-api-python-client: the discovery documents bundled in the wheel
          (googleapiclient/discovery_cache/documents/*.json): title, name, canonicalName; the
          bundled index.json says which version of each API is the preferred one.

Products with no API of their own (SageMaker Canvas, Looker Studio, ...) are in
Rules/catalog/aws.hand-kept.yaml and gcp.hand-kept.yaml, which this script does not touch.

Inputs (pinned: the committed files were generated from exactly these versions):

    pip install botocore==1.43.11 google-api-python-client==2.202.0

(`pip install --no-deps google-api-python-client==2.202.0` is enough: only its data files are
read, nothing of it is imported.) Instead of installing it, a downloaded wheel can be given with
--google-wheel PATH (`pip download --no-deps google-api-python-client==2.202.0`).

Usage:

    python3 scripts/generate-catalog.py            # rewrite the two files
    python3 scripts/generate-catalog.py --check    # exit 1 if the committed files are out of date

To move to newer SDKs: install them, run with --allow-other-versions, review the diff, then update
BOTOCORE_VERSION and GOOGLE_API_CLIENT_VERSION below and rerun (so --check uses the new pins).

How names become entries (deterministic; no network, nothing installed by the script):
  * `name` is the SDK's own name (AWS serviceFullName; Google: the preferred version's title),
    with a glued prefix split ("AmazonMQ" -> "Amazon MQ") and white space tidied. For a few AWS
    services whose serviceFullName is an API id ("AWSKendraFrontendService", "QBusiness") the
    product name is set in AWS_NAME_OVERRIDES and botocore's name kept as an alias.
  * `aliases` are the other spellings found in the metadata (abbreviation, serviceId, other
    versions' titles, a multi-word canonicalName), the same names without the provider prefix
    (Amazon/AWS, Google Cloud/Cloud/Google), and for Google the names without the " API" suffix or
    a version tag ("YouTube Data API v3" -> "YouTube Data API", "Cloud Vision API" ->
    "Cloud Vision", "Vision API"). An acronym in parentheses becomes an alias of its own
    ("Identity and Access Management (IAM) API" -> "IAM").
  * An alias that would be a single plain capitalised word ("Batch", "Books", "Translate") is
    written with the provider prefix instead ("AWS Batch", "Google Books"): a bare everyday word
    would match ordinary text. Words with inner capitals or digits (BigQuery, S3) stay bare when
    the SDK gives them so (serviceId, title), but a single word left by stripping a prefix is
    dropped ("Cloud SQL" does not yield "SQL"); the engine strips prefixes itself
    (Rules/language.yaml productPrefixes).
  * AWS_EXTRA_ALIASES / GCP_EXTRA_ALIASES add the name a product is sold under when the metadata
    only carries its API's name ("Amazon Data Firehose" for firehose, "Vertex AI" for aiplatform).
  * Aliases that differ from the name or from each other only in case, spaces or punctuation
    ("AccessAnalyzer" for "Access Analyzer") are dropped; entries whose names are the same that
    way are merged. Products and aliases are sorted case-insensitively.
"""

from __future__ import annotations

import argparse
import difflib
import glob
import importlib.metadata
import importlib.util
import json
import os
import re
import sys
import zipfile

BOTOCORE_VERSION = "1.43.11"
GOOGLE_API_CLIENT_VERSION = "2.202.0"

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CATALOG_DIR = os.path.join(ROOT, "Rules", "catalog")
AWS_FILE = os.path.join(CATALOG_DIR, "aws.generated.yaml")
GCP_FILE = os.path.join(CATALOG_DIR, "gcp.generated.yaml")

AWS_PREFIXES = ("Amazon", "AWS")

# botocore's serviceFullName for these services is an API identifier or a bare word, not the name
# the product is sold and examined under. The override becomes `name`; botocore's own names stay
# as aliases. Keys are botocore's service directory names.
AWS_NAME_OVERRIDES = {
    "amplifybackend": "AWS Amplify",
    "apigatewaymanagementapi": "Amazon API Gateway",
    "apigatewayv2": "Amazon API Gateway",
    "appfabric": "AWS AppFabric",
    "billingconductor": "AWS Billing Conductor",
    "braket": "Amazon Braket",
    "codeartifact": "AWS CodeArtifact",
    "connectcampaigns": "Amazon Connect Outbound Campaigns",
    "connectcampaignsv2": "Amazon Connect Outbound Campaigns",
    "deadline": "AWS Deadline Cloud",
    "inspector2": "Amazon Inspector",
    "interconnect": "AWS Interconnect",
    "kendra": "Amazon Kendra",
    "m2": "AWS Mainframe Modernization",
    "mailmanager": "Amazon SES Mail Manager",
    "mwaa": "Amazon Managed Workflows for Apache Airflow",
    "mwaa-serverless": "Amazon Managed Workflows for Apache Airflow Serverless",
    "odb": "Oracle Database@AWS",
    "pca-connector-ad": "AWS Private CA Connector for Active Directory",
    "qapps": "Amazon Q Apps",
    "qbusiness": "Amazon Q Business",
    "rtbfabric": "AWS RTB Fabric",
    "sagemaker": "Amazon SageMaker AI",
    "schemas": "Amazon EventBridge Schemas",
    "serverlessrepo": "AWS Serverless Application Repository",
    "synthetics": "Amazon CloudWatch Synthetics",
}
# Extra aliases: the name a product is sold under when the metadata only has its API's name, or a
# rename the metadata does not show yet. Keys are botocore's service directory names.
AWS_EXTRA_ALIASES = {
    "cognito-idp": ["Amazon Cognito"],
    "dms": ["AWS DMS"],
    "docdb": ["Amazon DocumentDB"],
    "firehose": ["Amazon Data Firehose", "Amazon Kinesis Data Firehose"],
    "forecast": ["Amazon Forecast"],
    "glacier": ["Amazon S3 Glacier"],
    "greengrassv2": ["AWS IoT Greengrass"],
    "iot": ["AWS IoT Core"],
    "kafka": ["Amazon Managed Streaming for Apache Kafka", "Amazon MSK"],
    "kinesis": ["Amazon Kinesis Data Streams"],
    "kinesisanalyticsv2": ["Amazon Managed Service for Apache Flink", "Amazon Kinesis Data Analytics"],
    "lex-models": ["Amazon Lex"],
    "lexv2-models": ["Amazon Lex V2"],
    "macie2": ["Amazon Macie"],
    "mwaa": ["MWAA"],
    "sagemaker": ["Amazon SageMaker", "SageMaker AI"],
    "sagemaker-a2i-runtime": ["Amazon Augmented AI", "Amazon A2I"],
    "timestream-query": ["Amazon Timestream"],
}
GCP_PREFIXES = ("Google Cloud", "Cloud", "Google")

# Names a Google product is sold and examined under that its API's discovery title does not carry
# (the API is named after something else, or the product was renamed). Keys are the discovery `name`.
GCP_EXTRA_ALIASES = {
    "aiplatform": ["Vertex AI", "Vertex AI API"],
    "biglake": ["BigLake"],
    "container": ["Google Kubernetes Engine", "GKE"],
    "dialogflow": ["Dialogflow CX", "Dialogflow ES"],
    "looker": ["Looker", "Looker (Google Cloud core)"],
    "ml": ["AI Platform", "AI Platform Prediction", "AI Platform Training"],
    "retail": ["Retail API"],
    "storagetransfer": ["Storage Transfer Service"],
}
DOCS_GLOB = "googleapiclient/discovery_cache/documents/"


class InputError(Exception):
    pass


# ----------------------------------------------------------------------------- name helpers

def tidy(name: str) -> str:
    name = re.sub(r"\s+", " ", name).strip()
    # "AmazonMQ", "AWSAppSync": a provider prefix glued to the next word.
    name = re.sub(r"^(Amazon|AWS)(?=[A-Z][a-z])", r"\1 ", name)
    name = re.sub(r"^(Amazon)(?=[A-Z]{2})", r"\1 ", name)
    return name


def key(name: str) -> str:
    """Names that are the same but for case, spaces and punctuation share a key."""
    return re.sub(r"[^0-9a-z]", "", name.lower())


def strip_prefix(name: str, prefixes) -> str | None:
    for p in prefixes:  # longest first
        if name.startswith(p + " ") and len(name) > len(p) + 1:
            return name[len(p) + 1:]
    return None


def own_prefix(name: str, prefixes) -> str | None:
    for p in prefixes:
        if name.startswith(p + " "):
            return p
    return None


PLAIN_WORD = re.compile(r"^[A-Z][a-z]+$")


def finish_alias(alias: str, prefix: str | None) -> str | None:
    """Apply the bare-word rule: a plain capitalised word gets the provider prefix (or is dropped)."""
    alias = tidy(alias)
    if not alias or not re.search(r"[A-Za-z]", alias):
        return None
    if alias == alias.lower() and " " not in alias:  # "mq": an id, not a name
        return None
    if prefix is None and " " not in alias:  # what a prefix left is one word: "Cloud SQL" -> "SQL"
        return None
    if PLAIN_WORD.match(alias):
        return f"{prefix} {alias}" if prefix else None
    return alias


class Product:
    def __init__(self, name: str):
        self.name = name
        self.aliases: list[str] = []

    def merge(self, names):
        for n in names:
            if n and n not in self.aliases and n != self.name:
                self.aliases.append(n)

    def finished(self):
        seen = {key(self.name)}
        out = []
        for a in self.aliases:
            k = key(a)
            if k and k not in seen:
                seen.add(k)
                out.append(a)
        return {"name": self.name, "aliases": sorted(out, key=lambda s: (s.casefold(), s))}


def build(products: dict[str, Product]):
    merged = [p.finished() for p in products.values()]
    merged.sort(key=lambda p: (p["name"].casefold(), p["name"]))
    return merged


def add_product(products: dict[str, Product], name: str, aliases):
    k = key(name)
    if k not in products:
        products[k] = Product(name)
    products[k].merge(aliases)


# ----------------------------------------------------------------------------- AWS (botocore)

def aws_products():
    try:
        import botocore  # noqa: F401
        from botocore.loaders import Loader
    except ImportError as e:
        raise InputError(f"botocore is not installed ({e}); pip install botocore=={BOTOCORE_VERSION}")
    version = importlib.metadata.version("botocore")
    loader = Loader()
    products: dict[str, Product] = {}
    for service in sorted(loader.list_available_services("service-2")):
        meta = loader.load_service_model(service, "service-2").get("metadata", {})
        full = meta.get("serviceFullName")
        if not full:
            continue
        name = tidy(AWS_NAME_OVERRIDES.get(service, full))
        prefix = own_prefix(name, AWS_PREFIXES)
        raw = [meta.get("serviceAbbreviation"), meta.get("serviceId")] + AWS_EXTRA_ALIASES.get(service, [])
        if service in AWS_NAME_OVERRIDES:
            raw.append(full)
        candidates = []  # (alias, prefix for the bare-word rule; None: drop a bare word)
        for r in raw:
            if not r:
                continue
            r = tidy(r)
            candidates.append((r, prefix or "AWS"))
            bare = strip_prefix(r, AWS_PREFIXES)
            if bare:
                candidates.append((bare, None))
        bare_name = strip_prefix(name, AWS_PREFIXES)
        if bare_name:
            candidates.append((bare_name, None))
        candidates += [(a, None) for a in acronym_aliases(name) if "(" not in a]
        aliases = [finish_alias(c, p) for c, p in candidates]
        add_product(products, name, aliases)
    return f"botocore {version}", version, build(products)


# ----------------------------------------------------------------------------- Google (discovery)

def google_documents(wheel: str | None):
    """Yield (filename, parsed json) for each bundled discovery document, and the version."""
    if wheel:
        m = re.search(r"google_api_python_client-([^-]+)-", os.path.basename(wheel))
        version = m.group(1) if m else "unknown"
        with zipfile.ZipFile(wheel) as z:
            names = sorted(n for n in z.namelist() if n.startswith(DOCS_GLOB) and n.endswith(".json"))
            docs = [(os.path.basename(n), json.loads(z.read(n))) for n in names]
        return version, docs
    spec = importlib.util.find_spec("googleapiclient")  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise InputError("google-api-python-client is not installed; "
                         f"pip install --no-deps google-api-python-client=={GOOGLE_API_CLIENT_VERSION} "
                         "(or pass --google-wheel PATH)")
    version = importlib.metadata.version("google-api-python-client")
    base = os.path.join(list(spec.submodule_search_locations)[0], "discovery_cache", "documents")
    docs = []
    for path in sorted(glob.glob(os.path.join(base, "*.json"))):
        with open(path, encoding="utf-8") as f:
            docs.append((os.path.basename(path), json.load(f)))
    return version, docs


QUALIFIER = re.compile(r"\s*\((Deprecated|New|Beta|Alpha|Testing|Preview)\)$", re.I)
VERSION_TAG = re.compile(r"\s+(v\d+(\.\d+)?\w*|V\d+)(?=\s+API$|$)")
ACRONYM = re.compile(r"\s*\(([A-Z][A-Z0-9]{1,7})\)")


def acronym_aliases(title: str):
    """'Identity and Access Management (IAM) API' -> ['IAM', 'Identity and Access Management API']."""
    out = []
    m = ACRONYM.search(title)
    if m:
        out.append(m.group(1))
        out.append(ACRONYM.sub("", title, count=1))
    return out


def title_forms(title: str):
    """Every alias a Google title yields (before the bare-word rule)."""
    forms = [title]
    t = QUALIFIER.sub("", title)
    forms.append(t)
    t = VERSION_TAG.sub("", t)
    forms.append(t)
    for a in acronym_aliases(t):
        forms.append(a)
    out = []
    for f in forms:
        if "(" in f:  # the name keeps its parenthesis; aliases are the plain forms
            continue
        bases = [f]
        if f.endswith(" API") and len(f) > 4:
            bases.append(f[:-4])
        if bases[-1].endswith(" Admin"):  # "Cloud SQL Admin API" -> "Cloud SQL"
            bases.append(bases[-1][:-6])
        for b in bases:
            out.append((b, "Google"))
            bare = strip_prefix(b, GCP_PREFIXES)
            if bare:
                out.append((bare, None))  # a bare single word left by the prefix is dropped
    return out


def version_rank(version: str):
    v = version.lower()
    stage = 2 if "alpha" in v else 1 if "beta" in v else 0
    nums = [int(n) for n in re.findall(r"\d+", v)] or [0]
    return (stage, [-n for n in nums])


def gcp_products(wheel: str | None):
    version, docs = google_documents(wheel)
    preferred = {}
    by_name: dict[str, list[dict]] = {}
    for fname, d in docs:
        if fname == "index.json":
            for item in d.get("items", []):
                if item.get("preferred"):
                    preferred[item["name"]] = item["title"]
            continue
        if "name" not in d or "title" not in d:
            continue
        by_name.setdefault(d["name"], []).append(d)
    if not by_name:
        raise InputError("no discovery documents found in google-api-python-client")
    products: dict[str, Product] = {}
    for api in sorted(by_name):
        versions = sorted(by_name[api], key=lambda d: (version_rank(d.get("version", "")), d.get("version", "")))
        name = tidy(preferred.get(api) or versions[0]["title"])
        titles = [name] + [tidy(d["title"]) for d in versions]
        canon = [tidy(d["canonicalName"]) for d in versions
                 if d.get("canonicalName") and " " in d["canonicalName"].strip()]
        canon += GCP_EXTRA_ALIASES.get(api, [])
        candidates = []
        for t in titles + canon:
            candidates += title_forms(t)
        aliases = [finish_alias(c, prefix) for c, prefix in candidates]
        add_product(products, name, aliases)
    return f"google-api-python-client {version}", version, build(products)


# ----------------------------------------------------------------------------- YAML output

YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .()&/+'_-]*$")


def scalar(s: str) -> str:
    if (PLAIN.match(s) and s.lower() not in YAML_WORDS and not s.endswith(" ")
            and re.search(r"[A-Za-z]", s) and not re.match(r"^[0-9.+-]+([eE][0-9]+)?$", s)):
        return s
    return json.dumps(s, ensure_ascii=False)


def render(provider: str, source: str, products) -> str:
    lines = [
        "# yaml-language-server: $schema=../schema/catalog.schema.json",
        f"# Generated by scripts/generate-catalog.py from {source}. Do not edit; rerun the script.",
        "catalog:",
        f"  provider: {provider}",
        f"  source: {source}",
        "  products:",
    ]
    for p in products:
        lines.append(f"    - name: {scalar(p['name'])}")
        if p["aliases"]:
            lines.append("      aliases: [" + ", ".join(scalar(a) for a in p["aliases"]) + "]")
    return "\n".join(lines) + "\n"


def self_check(text: str, provider: str, products):
    try:
        import yaml  # optional: only used to prove the output parses back to the same data
    except ImportError:
        return
    data = yaml.safe_load(text)["catalog"]
    assert data["provider"] == provider
    back = [{"name": p["name"], "aliases": p.get("aliases", [])} for p in data["products"]]
    assert back == products, "generated YAML does not parse back to the same products"


# ----------------------------------------------------------------------------- main

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Generate Rules/catalog/{aws,gcp}.generated.yaml from SDK metadata.")
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the committed files differ from what would be generated")
    ap.add_argument("--google-wheel", metavar="PATH",
                    help="read the discovery documents from this google-api-python-client wheel instead of the installed package")
    ap.add_argument("--allow-other-versions", action="store_true",
                    help=f"generate even if the inputs are not botocore {BOTOCORE_VERSION} / "
                         f"google-api-python-client {GOOGLE_API_CLIENT_VERSION}")
    args = ap.parse_args(argv)

    try:
        aws_source, aws_version, aws = aws_products()
        gcp_source, gcp_version, gcp = gcp_products(args.google_wheel)
    except InputError as e:
        print(f"generate-catalog: {e}", file=sys.stderr)
        return 2
    wrong = []
    if aws_version != BOTOCORE_VERSION:
        wrong.append(f"botocore {aws_version} (pinned {BOTOCORE_VERSION})")
    if gcp_version != GOOGLE_API_CLIENT_VERSION:
        wrong.append(f"google-api-python-client {gcp_version} (pinned {GOOGLE_API_CLIENT_VERSION})")
    if wrong and not args.allow_other_versions:
        print("generate-catalog: inputs are not the pinned versions: " + "; ".join(wrong), file=sys.stderr)
        print(f"  pip install botocore=={BOTOCORE_VERSION} google-api-python-client=={GOOGLE_API_CLIENT_VERSION}",
              file=sys.stderr)
        print("  (or pass --allow-other-versions to regenerate from these, then update the pins)", file=sys.stderr)
        return 2

    outputs = [(AWS_FILE, render("aws", aws_source, aws), "aws", aws),
               (GCP_FILE, render("gcp", gcp_source, gcp), "gcp", gcp)]
    for _, text, provider, products in outputs:
        self_check(text, provider, products)

    if args.check:
        stale = []
        for path, text, _, _ in outputs:
            try:
                with open(path, encoding="utf-8") as f:
                    old = f.read()
            except FileNotFoundError:
                old = ""
            if old != text:
                stale.append(path)
                diff = difflib.unified_diff(old.splitlines(), text.splitlines(),
                                            os.path.relpath(path, ROOT), "generated", lineterm="", n=0)
                for i, line in enumerate(diff):
                    if i >= 40:
                        print("  ...", file=sys.stderr)
                        break
                    print("  " + line, file=sys.stderr)
        if stale:
            print("out of date: run python3 scripts/generate-catalog.py")
            return 1
        print(f"catalog up to date ({len(aws)} AWS, {len(gcp)} Google products)")
        return 0

    os.makedirs(CATALOG_DIR, exist_ok=True)
    for path, text, _, _ in outputs:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
    print(f"wrote {os.path.relpath(AWS_FILE, ROOT)} ({len(aws)} products) "
          f"and {os.path.relpath(GCP_FILE, ROOT)} ({len(gcp)} products)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
