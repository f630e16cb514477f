/** Flattens nested locale JSON into dotted keys ("reason.none-pass") for parity and presence checks. */
export function flattenKeys(value: unknown, prefix = '', into: Map<string, string> = new Map()): Map<string, string> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flattenKeys(child, prefix ? `${prefix}.${key}` : key, into);
  } else {
    into.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return into;
}
