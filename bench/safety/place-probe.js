// A commune name typed at a yes/no question must read as neither danger nor a yes or no: asked at
// "Est-ce une urgence grave ?" and at the housing question, the conversation must not answer the
// emergency, nor record an emergency, a danger or a housing answer. `step`, `deps` and `initialContext`
// come from the caller (src/ in the tests, dist/ in the evaluation).

/** Commune names holding a word that looks like an answer or a place link ("sur", "les", "mont"…). */
export const TRICKY =
  /(^|[-\s'’])(sur|sous|lès|les|lez|en|mer|mont|saint|sainte|la|le|aux|au|de)([-\s'’]|$)/i;

export function conversationAt(question, deps, initialContext) {
  const context = initialContext('fr');
  if (question === 'askPrecarious') context.situation = { rights: 'none', need: 'general-care' };
  return { flow: deps.flow.definition.id, version: deps.flow.definition.version, state: question, context };
}

/** Names that are misread at the emergency or the housing question, with what went wrong. */
export function misreadPlaceNames(names, step, deps, initialContext) {
  const at = {
    askEmergency: conversationAt('askEmergency', deps, initialContext),
    askPrecarious: conversationAt('askPrecarious', deps, initialContext),
  };
  const misread = [];
  for (const name of names) {
    for (const [question, stored] of Object.entries(at)) {
      const { stored: after, outbound } = step(stored, { type: 'text', channel: 'web', text: name }, deps);
      const s = after.context.situation;
      const wrong =
        s.emergency !== undefined ||
        (s.danger ?? []).length > 0 ||
        (question === 'askPrecarious' && s.precarious !== undefined) ||
        outbound.some((m) => m.kind === 'emergency');
      if (wrong) misread.push({ name, question, situation: s });
    }
  }
  return misread;
}
