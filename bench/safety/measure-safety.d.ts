// Types of measure-safety.js, for the tests (test/safety.test.ts) written in TypeScript.
export interface DangerLine {
  group: string;
  category: string;
  text: string;
}
export interface RecallCell {
  category: string;
  group: string;
  total: number;
  caught: number;
  anyDanger: number;
}
export interface Alarm {
  text: string;
  found: string[];
}
export declare const CORPORA: { dev: URL; blind: URL; holdout: URL };
export declare const CORPUS_DIR: URL;
export declare function readDangerCorpus(dir?: URL | string, half?: 'all' | 'tune' | 'held'): DangerLine[];
export declare function readNearMissCorpus(dir?: URL | string): { group: string; text: string }[];
export declare function measureRecall(
  corpus: DangerLine[],
  detect: (text: string) => string[],
): { cells: RecallCell[]; misses: (DangerLine & { found: string[] })[] };
export declare function measureFalseAlarms(
  texts: string[],
  detect: (text: string) => string[],
): { total: number; alarms: Alarm[] };
export declare function ordinaryAnswers(localesDir: string): string[];
export declare function percent(part: number, whole: number): number;
