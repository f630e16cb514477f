// Writes dist/service-validator.cjs: the ajv validator of content/schemas/data-inclusion-service.json as
// standalone code, with the schema's hash (see loadServiceValidator in src/content/load-content.ts).
// Run by `npm run build`, after tsc.
import { readFileSync, writeFileSync } from 'node:fs';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { createAjv, schemaHash } from '../dist/directory/validate-records.js';

const schemaPath = new URL('../content/schemas/data-inclusion-service.json', import.meta.url);
const text = readFileSync(schemaPath, 'utf8');
// CommonJS: ajv's standalone code `require`s its format and length helpers even in its ESM mode.
const ajv = createAjv({ code: { source: true } });
const validate = ajv.compile(JSON.parse(text));
const code = `${standaloneCode(ajv, validate)}\nmodule.exports.schemaHash = ${JSON.stringify(schemaHash(text))};\n`;
const out = new URL('../dist/service-validator.cjs', import.meta.url);
writeFileSync(out, code);
console.log(`${out.pathname}: validator for ${schemaPath.pathname.split('/').slice(-1)[0]}`);
