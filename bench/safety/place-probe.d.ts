// Types of place-probe.js, for the tests (test/safety.test.ts) written in TypeScript.
import type { DialogueDeps, StoredConversation, step } from '../../src/dialogue/engine.js';
import type { initialContext } from '../../src/dialogue/context.js';
export declare const TRICKY: RegExp;
export declare function conversationAt(
  question: string,
  deps: DialogueDeps,
  makeContext: typeof initialContext,
): StoredConversation;
export declare function misreadPlaceNames(
  names: string[],
  run: typeof step,
  deps: DialogueDeps,
  makeContext: typeof initialContext,
): { name: string; question: string; situation: Record<string, unknown> }[];
