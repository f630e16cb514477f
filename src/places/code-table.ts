/**
 * A compact multimap from a key (a normalised name, a postcode) to INSEE codes. Most keys hold one code,
 * stored as a plain string; only shared keys (homonyms, postcodes of several communes) get an array. This
 * keeps start-up allocation low over ~37,000 names.
 *
 * Example:
 * ```ts
 * const table = new CodeTable();
 * table.add('saint denis', '93066');
 * table.add('saint denis', '97411');
 * table.get('saint denis'); // ['93066', '97411']
 * ```
 */
export class CodeTable {
  readonly #entries = new Map<string, string | string[]>();

  add(key: string, code: string): void {
    const entry = this.#entries.get(key);
    if (entry === undefined) this.#entries.set(key, code);
    else if (typeof entry === 'string') {
      if (entry !== code) this.#entries.set(key, [entry, code]);
    } else if (!entry.includes(code)) entry.push(code);
  }

  get(key: string): readonly string[] | undefined {
    const entry = this.#entries.get(key);
    return typeof entry === 'string' ? [entry] : entry;
  }

  keys(): IterableIterator<string> {
    return this.#entries.keys();
  }

  entries(): IterableIterator<[string, readonly string[]]> {
    const source = this.#entries.entries();
    return (function* () {
      for (const [key, entry] of source) yield [key, typeof entry === 'string' ? [entry] : entry];
    })();
  }
}
