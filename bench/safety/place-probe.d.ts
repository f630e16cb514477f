// Types of place-probe.js, for the tests (test/safety.test.ts) written in TypeScript.
import type { DialogueDeps, StoredConversation, step } from '../../src/dialogue/engine.js';
export declare const TRICKY: RegExp;
export declare function conversationAt(question: string, deps: DialogueDeps): StoredConversation;
export declare function misreadPlaceNames(
  names: string[],
  run: typeof step,
  deps: DialogueDeps,
): { name: string; question: string; situation: Record<string, unknown> }[];
