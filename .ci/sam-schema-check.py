#!/usr/bin/env python3
"""Validates every AWS::Serverless::* resource of infra/template.yaml against the official SAM resource schema
(infra/schema/sam.schema.json, copied from aws/serverless-application-model), a second check beside cfn-lint.
CloudFormation short-form tags (!Ref, !Sub, !If, ...) are read as the intrinsic-function objects they stand for.
Exits 1 and lists every violation if a resource does not validate."""
import json
import sys

import jsonschema
import yaml

TEMPLATE = sys.argv[1] if len(sys.argv) > 1 else "infra/template.yaml"
SCHEMA = "infra/schema/sam.schema.json"
PREFIX = "samtranslator__internal__schema_source__"


class CfnLoader(yaml.SafeLoader):
    pass


def _intrinsic(loader, tag_suffix, node):
    name = "Ref" if tag_suffix == "Ref" else "Fn::" + tag_suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if tag_suffix == "GetAtt":
            value = value.split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return {name: value}


CfnLoader.add_multi_constructor("!", _intrinsic)


def main():
    with open(TEMPLATE) as f:
        template = yaml.load(f, Loader=CfnLoader)
    with open(SCHEMA) as f:
        schema = json.load(f)
    errors = []
    checked = 0
    for logical_id, resource in template.get("Resources", {}).items():
        kind = resource.get("Type", "")
        if not kind.startswith("AWS::Serverless::"):
            continue
        definition = PREFIX + "aws_serverless_" + kind.split("::")[2].lower() + "__Resource"
        if definition not in schema["definitions"]:
            errors.append(f"{logical_id}: no schema definition {definition}")
            continue
        validator = jsonschema.Draft4Validator({"$ref": "#/definitions/" + definition, "definitions": schema["definitions"]})
        for error in validator.iter_errors(resource):
            path = "/".join(str(p) for p in error.absolute_path)
            errors.append(f"{logical_id} ({kind}) at {path or '.'}: {error.message[:300]}")
        checked += 1
    if checked == 0:
        errors.append("no AWS::Serverless::* resources found")
    for e in errors:
        print("SAM schema: " + e, file=sys.stderr)
    if errors:
        sys.exit(1)
    print(f"SAM schema: {checked} AWS::Serverless resources valid")


if __name__ == "__main__":
    main()
