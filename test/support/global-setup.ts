/** Before and after the whole run: says loudly which suites were skipped for a missing program. */
import { missingTools, required, toolsBanner } from './tools.js';

export default function setup(): (() => void) | undefined {
  const missing = missingTools();
  if (missing.length === 0) return undefined;
  if (required()) throw new Error(toolsBanner(missing, true));
  process.stderr.write(toolsBanner(missing, false));
  // Again at the end, where people read the summary.
  return () => void process.stderr.write(toolsBanner(missing, false));
}
