// What the safety net catches and what it mistakes for danger, measured on corpora of what people write.
// Pure: the caller gives the detector (text → danger codes) and the conversation probe, from src/ in the
// tests (test/safety.test.ts) or from dist/ in `npm run eval:safety` (bench/eval-safety.js).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';

/**
 * The corpora, by role. dev: written by the author of the word lists (tuned on). blind: written by someone who
 * never read them, measured once before any tuning, then tuned on. holdout: written blind too, never tuned on:
 * its figure is the honest one.
 */
export const CORPORA = {
  dev: new URL('../../test/corpus/safety-dev/', import.meta.url),
  blind: new URL('../../test/corpus/safety-blind/', import.meta.url),
  holdout: new URL('../../test/corpus/safety-holdout/', import.meta.url),
};
export const CORPUS_DIR = CORPORA.blind;

/**
 * The danger corpus: { group, category, text } for every line of danger-<group>.yaml. `half`: 'tune' keeps
 * the lines at even positions of each file, 'held' those at odd positions — a corpus can be split in two, one
 * half to look at while writing patterns, the other measured only at the end (honest generalisation).
 */
export function readDangerCorpus(dir = CORPUS_DIR, half = 'all') {
  return corpusFiles(dir, 'danger-').flatMap(({ group, lines }) =>
    lines
      .filter((_line, i) => half === 'all' || (half === 'tune') === (i % 2 === 0))
      .map((line) => ({ group, category: line.category, text: String(line.text) })),
  );
}

/** The near-miss corpus: messages that share words with danger but describe none. */
export function readNearMissCorpus(dir = CORPUS_DIR) {
  return corpusFiles(dir, 'near-miss-').flatMap(({ group, lines }) =>
    lines.map((line) => ({ group, text: String(line.text) })),
  );
}

function corpusFiles(dir, prefix) {
  const path = dir instanceof URL ? dir.pathname : dir;
  let names;
  try {
    names = readdirSync(path);
  } catch {
    return [];
  }
  return names
    .filter((name) => name.startsWith(prefix) && name.endsWith('.yaml'))
    .sort()
    .map((name) => ({
      group: name.slice(prefix.length, -'.yaml'.length),
      lines: yaml.load(readFileSync(join(path, name), 'utf8')) ?? [],
    }));
}

/** Recall per category × group: the message's category is among the dangers found. */
export function measureRecall(corpus, detect) {
  const cells = new Map();
  const misses = [];
  for (const { group, category, text } of corpus) {
    const key = `${category}\t${group}`;
    const cell = cells.get(key) ?? { category, group, total: 0, caught: 0, anyDanger: 0 };
    const found = detect(text);
    cell.total++;
    if (found.includes(category)) cell.caught++;
    else misses.push({ group, category, text, found });
    if (found.length > 0) cell.anyDanger++;
    cells.set(key, cell);
  }
  return { cells: [...cells.values()], misses };
}

/** Messages of a negative set that read as danger. */
export function measureFalseAlarms(texts, detect) {
  const alarms = [];
  for (const text of texts) {
    const found = detect(text);
    if (found.length > 0) alarms.push({ text, found });
  }
  return { total: texts.length, alarms };
}

/** The answers of every question a person may type: lexicon phrases and choice labels, every language. */
export function ordinaryAnswers(localesDir) {
  const texts = new Set();
  const add = (value) => {
    if (typeof value === 'string') texts.add(value);
    else if (Array.isArray(value)) value.forEach(add);
    else if (value && typeof value === 'object') Object.values(value).forEach(add);
  };
  for (const lang of ['fr', 'en', 'ar', 'fr-x-falc']) {
    const lexicon = JSON.parse(readFileSync(join(localesDir, lang, 'lexicon.json'), 'utf8'));
    add(lexicon);
    for (const file of ['dialogue.json', 'sms.json']) {
      const texts = JSON.parse(readFileSync(join(localesDir, lang, file), 'utf8'));
      add(texts.options);
    }
  }
  return [...texts];
}

export function percent(part, whole) {
  return whole === 0 ? 100 : Math.round((1000 * part) / whole) / 10;
}
