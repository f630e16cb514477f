/** `aiguillage export hsds [--out file]`: the validated directory as HSDS 3.0 services JSON. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { toHsds } from '../directory/export-hsds.js';
import { contentPaths, loadOrReport } from './content-options.js';

export async function exportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { out: { type: 'string' }, content: { type: 'string' } },
  });
  if (positionals[0] !== 'hsds') {
    process.stderr.write('Usage: aiguillage export hsds [--out <file>]\n');
    return 2;
  }
  const loaded = await loadOrReport(contentPaths(values.content, undefined));
  if (!loaded) return 2;
  const json = `${JSON.stringify(toHsds(loaded.records), null, 2)}\n`;
  if (values.out) {
    writeFileSync(values.out, json);
    process.stderr.write(`${values.out}: ${loaded.records.length} services\n`);
  } else {
    process.stdout.write(json);
  }
  return 0;
}
