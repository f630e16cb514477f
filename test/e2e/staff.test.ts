/**
 * The reception staff's triage page in a real browser (Debian chromium driven by playwright-core), against a
 * real server with two staff accounts and an in-memory SMS outbox: sign in, three situations triaged with the
 * keyboard only (no-cover care in Chalon → PASS; a mental-health emergency → 15 and 3114 first; cannabis at
 * 19 in Dijon → CJC), the rule and source shown, the slip's print preview in French and Arabic on one A4 page,
 * an SMS sent without the number being kept, the hand-off fiche refused until the person's consent is ticked,
 * "Personne suivante", stale answers never shown, the counts page, and axe scans (WCAG 2.1 AA).
 * The HTTP side of authentication (cookies, CSRF, rate limits) is tested in test/staff-api.test.ts.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Request } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wcagViolations } from './accessibility.js';
import { launchChromium } from './chromium.js';
import { hashPassword } from '../../src/channels/staff/password-hash.js';
import { createOutboxSender } from '../../src/channels/sms/sms-sender.js';
import type { RunningServer } from '../../src/server/start-server.js';
import { startTestServer } from '../support/test-server.js';

const PASSWORD = 'une phrase de passe pour les tests';
const outbox = createOutboxSender();
let running: RunningServer;
let browser: Browser;
let base: string;
let dataDir: string;

beforeAll(async () => {
  const hash = await hashPassword(PASSWORD, { logN: 10 });
  ({ running, base, dataDir } = await startTestServer(
    'e2e-staff',
    { STAFF_ACCOUNTS: `accueil-ccas:staff:${hash},coordination:coordinator:${hash}` },
    { smsSender: outbox },
  ));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

beforeEach(() => outbox.clear());

interface Focused {
  tag: string;
  id: string;
  name: string;
  value: string;
  checked: boolean;
  text: string;
}
// Evaluated in the page (a string: the tests are compiled without the DOM library).
const FOCUSED = `(() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  return { tag: e.tagName.toLowerCase(), id: e.id, name: e.name || '', value: e.value || '',
    checked: !!e.checked, text: (e.textContent || '').trim().slice(0, 80) };
})()`;
const focused = async (page: Page) => (await page.evaluate(FOCUSED)) as Focused | null;

/** Presses `key` until the focused element passes `test`: it can be reached with the keyboard. */
async function tabTo(page: Page, test: (f: Focused) => boolean, what: string, key = 'Tab'): Promise<void> {
  for (let i = 0; i < 150; i += 1) {
    const f = await focused(page);
    if (f && test(f)) return;
    await page.keyboard.press(key);
  }
  throw new Error(
    `${what} cannot be reached with ${key}; focus is on ${JSON.stringify(await focused(page))}`,
  );
}

/** Tabs into a radio group, then checks `value` with Space and the arrow keys (as staff would). */
async function choose(page: Page, name: string, value: string): Promise<void> {
  await tabTo(page, (f) => f.name === name, `the ${name} radios`);
  for (let i = 0; i < 20; i += 1) {
    const f = await focused(page);
    if (f?.checked && f.value === value) return;
    await page.keyboard.press(f?.checked ? 'ArrowDown' : 'Space');
  }
  throw new Error(`${name}=${value} cannot be chosen with the arrow keys`);
}

/** Tabs to a text field and types into it. */
async function typeInto(page: Page, id: string, text: string): Promise<void> {
  await tabTo(page, (f) => f.id === id, `#${id}`);
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type(text);
}

const button = (text: string) => (f: Focused) => f.tag === 'button' && f.text === text;
const cardTypes = (page: Page) =>
  page.locator('#cards .card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-type')));
const announce = (page: Page) => page.locator('#announce').innerText();

/** Signs in with the keyboard on the login form and waits for the triage page to be built. */
async function signIn(account = 'accueil-ccas', scan = false): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  // window.print() opens nothing in a test: count the calls instead.
  await page.addInitScript('window.print = () => { window.__prints = (window.__prints || 0) + 1; }');
  await page.goto(`${base}/staff`);
  expect(new URL(page.url()).pathname).toBe('/staff/login');
  if (scan) expect(await wcagViolations(page)).toEqual([]);
  await tabTo(page, (f) => f.id === 'name', 'the name field');
  await page.keyboard.type(account);
  await page.keyboard.press('Tab');
  expect((await focused(page))?.id).toBe('password');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(`${base}/staff`);
  await expect.poll(() => page.locator('input[name="need"]').count()).toBe(12);
  return page;
}

/** The bodies the page POSTed to /staff/api/done. */
function doneRequests(page: Page): Record<string, unknown>[] {
  const bodies: Record<string, unknown>[] = [];
  page.on('request', (request: Request) => {
    if (request.method() === 'POST' && request.url().endsWith('/staff/api/done'))
      bodies.push(request.postDataJSON() as Record<string, unknown>);
  });
  return bodies;
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('staff triage page', () => {
  it('signs in; no cover + general care in 71100 → the PASS, with the rule and its source; prints a French/Arabic slip on one page', async () => {
    const page = await signIn('accueil-ccas', true);
    expect(await page.locator('#who').innerText()).toContain('accueil-ccas');
    expect(await page.locator('#counts-link').isVisible()).toBe(false); // staff, not coordinator
    expect(await page.locator('#cards').innerText()).toContain('Renseignez la situation');

    await choose(page, 'emergency', 'no');
    await choose(page, 'need', 'general-care');
    await choose(page, 'rights', 'none');
    await typeInto(page, 'place', '71100');
    // 71100 is the postcode of several communes: the choices are radios, reached with Tab.
    await expect.poll(() => page.locator('#place-status').innerText()).toContain('Plusieurs communes');
    expect(await page.locator('#place').getAttribute('aria-describedby')).toContain('place-status');
    await tabTo(page, (f) => f.name === 'place-choice', 'the commune choices');
    await page.keyboard.press('Space');
    await expect.poll(() => page.locator('#place-status').innerText()).toContain('Chalon-sur-Saône (71)');
    expect(await page.locator('#place').inputValue()).toBe('Chalon-sur-Saône');
    // The choices stay, with the focus: the arrow keys still change the commune.
    expect((await focused(page))?.name).toBe('place-choice');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.locator('#place-status').innerText()).toContain('Saint-Rémy (71)');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => page.locator('#place-status').innerText()).toContain('Chalon-sur-Saône (71)');
    expect((await focused(page))?.name).toBe('place-choice');

    await expect.poll(() => cardTypes(page)).toEqual(['pass', 'urgences']);
    const pass = page.locator('#cards .card').first();
    expect(await pass.locator('h3').innerText()).toContain('PASS');
    expect(await pass.locator('h3').innerText()).toContain('William Morey');
    expect(await announce(page)).toMatch(/^2 orientation\(s\)\. En premier : PASS/);
    // Why: the rule, its description and its source line in the seed documents.
    expect(await pass.locator('.rule').innerText()).toContain('grand-chalon/GC-B2-malade');
    expect(await pass.locator('.rule').innerText()).toContain('Personne malade');
    expect(await pass.locator('.why > .sources').innerText()).toMatch(/seeds\/001_\w+\.txt L\.416/);
    expect(await pass.locator('.record').innerText()).toContain('mise à jour le 2015');
    // Cost, what to bring, and the flag of an old record.
    expect(await pass.innerText()).toContain('Coût :');
    expect(await pass.locator('.bring li').count()).toBeGreaterThan(0);
    expect(await pass.locator('.badge-verify').innerText()).toBe('À vérifier');
    // Nothing more would change this answer but the emergency question, answered already: none left.
    expect(await page.locator('#to-ask').innerText()).not.toContain('Lieu');

    expect(await wcagViolations(page)).toEqual([]);

    // The person reads Arabic: the slip gets a second column.
    await tabTo(page, (f) => f.id === 'lang', 'the language select');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.locator('#lang').inputValue()).toBe('ar');
    await expect.poll(() => page.locator('#slip .slip-col').count()).toBe(2);

    await page.emulateMedia({ media: 'print' });
    const slip = page.locator('#slip');
    expect(await slip.isVisible()).toBe(true);
    for (const control of ['#situation', '#print', '#next', '.top', '#cards'])
      expect(await page.locator(control).first().isVisible(), control).toBe(false);
    const [fr, ar] = [slip.locator('.slip-col').nth(0), slip.locator('.slip-col').nth(1)];
    expect([await fr.getAttribute('lang'), await fr.getAttribute('dir')]).toEqual(['fr', 'ltr']);
    expect([await ar.getAttribute('lang'), await ar.getAttribute('dir')]).toEqual(['ar', 'rtl']);
    expect(await fr.innerText()).toContain('William Morey');
    expect(await ar.innerText()).toMatch(/[\u0600-\u06ff]/);
    // Side by side: two grid columns, the Arabic one to the right of the French one, at the same height.
    const columns = await page.evaluate(
      "getComputedStyle(document.getElementById('slip')).gridTemplateColumns.split(' ').length",
    );
    expect(columns).toBe(2);
    const [frBox, arBox] = [await fr.boundingBox(), await ar.boundingBox()];
    if (!frBox || !arBox) throw new Error('the slip columns have no box in print');
    expect(arBox.x).toBeGreaterThan(frBox.x + frBox.width - 1);
    expect(Math.abs(arBox.y - frBox.y)).toBeLessThan(2);
    // One A4 page.
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b(?!s)/g)?.length).toBe(1);
    await page.emulateMedia({ media: 'screen' });

    // "Imprimer la fiche" prints (and counts the orientation, anonymously, once).
    const done = doneRequests(page);
    await tabTo(page, button('Imprimer la fiche'), 'Imprimer la fiche');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('window.__prints')).toBe(1);
    await expect.poll(() => done.length).toBe(1);
    expect(done[0]).toMatchObject({ situation: { rights: 'none', need: 'general-care', emergency: false } });
    expect(String(done[0]?.triageId)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    await page.context().close();
  }, 90_000);

  it('mental-health emergency: the 15 and the 3114 come first, marked as emergency', async () => {
    const page = await signIn();
    await choose(page, 'emergency', 'yes');
    await choose(page, 'need', 'mental-health');
    await expect.poll(() => cardTypes(page)).toEqual(['samu-15', 'ligne-3114', 'pass']);
    expect(await page.locator('.emergency-banner').innerText()).toBe("Urgence d'abord");
    expect(await announce(page)).toContain("Urgence d'abord : SAMU");
    const cards = page.locator('#cards .card');
    expect(await cards.nth(0).getAttribute('class')).toContain('card-emergency');
    expect(await cards.nth(1).getAttribute('class')).toContain('card-emergency');
    expect(await cards.nth(2).getAttribute('class')).not.toContain('card-emergency');
    expect(await cards.nth(0).locator('a.tel').getAttribute('href')).toBe('tel:15');
    expect(await cards.nth(1).locator('a.tel').getAttribute('href')).toBe('tel:3114');
    expect(await cards.nth(0).locator('.rule').innerText()).toContain('red-flags/R0-crisis-mental');
    expect(await cards.nth(0).locator('.why > .sources li').count()).toBeGreaterThan(0);
    // What would change the answer is highlighted on the fields themselves.
    expect(await page.locator('#to-ask').innerText()).toContain('Droits santé');
    expect(await page.locator('[data-field="rights"]').getAttribute('class')).toContain('is-missing');
    expect(await page.locator('[data-field="rights"] .badge-missing').isVisible()).toBe(true);
    expect(await page.locator('[data-field="need"] .badge-missing').isVisible()).toBe(false);
    await page.context().close();
  }, 60_000);

  it('addiction: cannabis at 19 in Dijon → the CJC; the substance field appears only for addiction', async () => {
    const page = await signIn();
    expect(await page.locator('#field-substance').isVisible()).toBe(false);
    await choose(page, 'emergency', 'no');
    await choose(page, 'need', 'addiction');
    await expect.poll(() => page.locator('#field-substance').isVisible()).toBe(true);
    await choose(page, 'substance', 'cannabis');
    await typeInto(page, 'place', 'Dijon');
    await expect.poll(() => page.locator('#place-status').innerText()).toContain('Dijon (21)');
    await typeInto(page, 'age', '19');
    await expect.poll(() => cardTypes(page)).toEqual(['cjc', 'csapa', 'ligne-ecoute']);
    const cjc = page.locator('#cards .card').first();
    expect(await cjc.locator('.rule').innerText()).toContain('national/R8-addiction-young');
    expect(await cjc.locator('.why > .sources li').count()).toBeGreaterThan(0);
    const line = page.locator('#cards .card').nth(2);
    expect(await line.locator('a.tel').getAttribute('href')).toMatch(/^tel:\+?\d+/);
    await page.context().close();
  }, 60_000);

  it('sends the answer by SMS with the keyboard; the number is kept in no file of DATA_DIR', async () => {
    const page = await signIn();
    await choose(page, 'emergency', 'no');
    await choose(page, 'need', 'general-care');
    await choose(page, 'rights', 'none');
    await typeInto(page, 'place', 'Chalon-sur-Saône');
    await expect.poll(() => page.locator('#place-status').innerText()).toContain('Chalon-sur-Saône (71)');
    await expect.poll(() => cardTypes(page)).toEqual(['pass', 'urgences']);

    await tabTo(page, button('Envoyer par SMS'), 'Envoyer par SMS');
    await page.keyboard.press('Enter');
    expect(await page.locator('#sms-open').getAttribute('aria-expanded')).toBe('true');
    expect((await focused(page))?.id).toBe('phone');
    const phone = page.getByRole('textbox', { name: 'Numéro de portable de la personne' });
    expect(await phone.getAttribute('type')).toBe('tel');
    expect(await page.locator('#sms-note').innerText()).toBe(
      'Utilisé pour cet envoi seulement, non conservé.',
    );

    // A landline: refused by the server, said clearly, nothing sent.
    await page.keyboard.type('03 85 12 34 56');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#sms-status').innerText()).toContain('Numéro non valable');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(outbox.entries()).toEqual([]);

    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('06 12 34 56 78');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#sms-status').innerText()).toMatch(/^Envoyé : \d SMS\.$/);
    const count = Number((await page.locator('#sms-status').innerText()).match(/\d/)?.[0]);
    expect(outbox.entries().length).toBe(count);
    expect(outbox.entries().every((e) => e.to === '+33612345678')).toBe(true);
    expect(
      outbox
        .entries()
        .map((e) => e.body)
        .join(' '),
    ).toContain('PASS');
    expect(await phone.inputValue()).toBe(''); // the number does not stay on the screen
    expect(await phone.getAttribute('aria-invalid')).toBeNull();

    // Escape closes the form and gives the focus back to its button.
    await page.keyboard.press('Escape');
    expect(await page.locator('#sms').isVisible()).toBe(false);
    expect((await focused(page))?.id).toBe('sms-open');

    await page.context().close();
    for (const file of filesUnder(dataDir)) {
      const bytes = readFileSync(file);
      for (const form of ['612345678', '6 12 34 56 78', '61 23 45 67 8'])
        expect(bytes.includes(form), `${file} holds the phone number`).toBe(false);
    }
  }, 60_000);

  it('hand-off fiche: refused until the consent is ticked, then shown, copied and printable', async () => {
    const page = await signIn();
    await choose(page, 'emergency', 'no');
    await choose(page, 'need', 'sexual-health');
    await choose(page, 'rights', 'ame');
    await typeInto(page, 'place', 'Lille');
    await expect.poll(() => page.locator('#place-status').innerText()).toContain('Lille (59)');
    await expect.poll(() => cardTypes(page)).toEqual(['cpef', 'ligne-ecoute']);

    await tabTo(page, button('Fiche de liaison'), 'Fiche de liaison');
    await page.keyboard.press('Enter');
    expect(await page.locator('#handoff-open').getAttribute('aria-expanded')).toBe('true');
    const first = await focused(page);
    expect([first?.name, first?.value, first?.checked]).toEqual(['service', '0', true]);
    // The person would rather be called through the reception: arrow keys in the contact radios.
    await choose(page, 'contact', 'through-staff');
    await tabTo(page, button('Préparer la fiche'), 'Préparer la fiche');
    const asked: string[] = [];
    page.on('request', (r) => r.url().endsWith('/staff/api/handoff') && asked.push(r.url()));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#handoff-status').innerText())
      .toBe("Cochez d'abord l'accord de la personne.");
    expect(await page.locator('#fiche').isVisible()).toBe(false);
    expect(await page.locator('#consent').getAttribute('aria-invalid')).toBe('true');
    expect((await focused(page))?.id).toBe('consent');
    expect(asked).toEqual([]);

    await page.keyboard.press('Space');
    expect(await page.locator('#consent').isChecked()).toBe(true);
    await tabTo(page, button('Préparer la fiche'), 'Préparer la fiche');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('#fiche').isVisible()).toBe(true);
    const fiche = await page.locator('#fiche-text').innerText();
    expect(fiche.length).toBeGreaterThan(50);
    expect(fiche).toContain('Centre de santé sexuelle');
    expect(await page.locator('#handoff-status').innerText()).toBe('Fiche prête.');
    expect(await wcagViolations(page)).toEqual([]);

    await tabTo(page, button('Copier'), 'Copier');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.locator('#handoff-status').innerText())
      .toMatch(/^(Fiche copiée\.|Copie impossible)/);

    // Printing the fiche prints the fiche alone, not the slip.
    await tabTo(page, button('Imprimer la fiche de liaison'), 'Imprimer la fiche de liaison');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('window.__prints')).toBe(1);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#fiche-printed').isVisible()).toBe(true);
    expect(await page.locator('#fiche-printed').innerText()).toBe(fiche);
    expect(await page.locator('#slip').isVisible()).toBe(false);
    await page.evaluate("document.documentElement.classList.remove('print-fiche')");
    expect(await page.locator('#slip').isVisible()).toBe(true);
    expect(await page.locator('#fiche-printed').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });

    // Unticking the consent takes the fiche away.
    await tabTo(page, (f) => f.id === 'consent', 'the consent', 'Shift+Tab');
    await page.keyboard.press('Space');
    expect(await page.locator('#fiche').isVisible()).toBe(false);
    await page.context().close();
  }, 60_000);

  it('"Personne suivante" clears everything and counts the finished triage once', async () => {
    const page = await signIn();
    const done = doneRequests(page);
    await choose(page, 'emergency', 'no');
    await choose(page, 'need', 'dental');
    await choose(page, 'rights', 'basic');
    await typeInto(page, 'place', '21000');
    await expect.poll(() => page.locator('#place-status').innerText()).toContain('Dijon (21)');
    await expect.poll(() => page.locator('#cards .card').count()).toBeGreaterThan(0);
    await tabTo(page, button('Personne suivante'), 'Personne suivante');
    await page.keyboard.press('Enter');
    await expect.poll(() => done.length).toBe(1);
    expect(done[0]).toMatchObject({
      situation: { need: 'dental', rights: 'basic', place: { postcode: '21000' } },
    });
    expect(await page.locator('#cards .card').count()).toBe(0);
    expect(await page.locator('#cards').innerText()).toContain('Renseignez la situation');
    expect(await page.locator('input[name="need"]:checked').count()).toBe(0);
    expect(await page.locator('input[name="emergency"]:checked').getAttribute('value')).toBe('');
    expect(await page.locator('#place').inputValue()).toBe('');
    expect(await page.locator('#print').isDisabled()).toBe(true);
    expect(await announce(page)).toBe('Formulaire vidé : personne suivante.');
    expect((await focused(page))?.name).toBe('emergency');

    // The next person gets a new triage id.
    await choose(page, 'need', 'vision');
    await expect.poll(() => page.locator('#cards .card').count()).toBeGreaterThan(0);
    await tabTo(page, button('Personne suivante'), 'Personne suivante');
    await page.keyboard.press('Enter');
    await expect.poll(() => done.length).toBe(2);
    expect(done[1]?.triageId).not.toBe(done[0]?.triageId);
    await page.context().close();
  }, 60_000);

  it('never shows an older answer over a newer one (slow responses are aborted or ignored)', async () => {
    const page = await signIn();
    // Answers about teeth come back late; the person then says eyes.
    await page.route('**/staff/api/triage', async (route) => {
      if (route.request().postData()?.includes('"dental"')) await new Promise((r) => setTimeout(r, 1200));
      await route.continue().catch(() => undefined);
    });
    await choose(page, 'need', 'dental');
    await page.keyboard.press('ArrowDown'); // → vision, at once
    expect(await page.locator('input[name="need"]:checked').getAttribute('value')).toBe('vision');
    await expect.poll(() => page.locator('#cards .card').count()).toBeGreaterThan(0);
    const shown = await cardTypes(page);
    await page.waitForTimeout(1500); // the teeth answer has had time to come back
    expect(await cardTypes(page)).toEqual(shown);
    const expected = (await page.evaluate(`(async () => {
      const session = await (await fetch('/staff/api/session')).json();
      const res = await fetch('/staff/api/triage', { method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': session.csrf },
        body: JSON.stringify({ situation: { need: 'vision' }, lang: 'fr' }) });
      return (await res.json()).recommendations.map((r) => r.type);
    })()`)) as string[];
    expect(shown).toEqual(expected);
    await page.context().close();
  }, 60_000);

  it('coordinators see the anonymous counts in a table, with the CSV link', async () => {
    const page = await signIn('coordination');
    expect(await page.locator('#counts-link').isVisible()).toBe(true);
    await tabTo(page, (f) => f.id === 'counts-link', 'the counts link');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/staff/counts`);
    const table = page.getByRole('table', { name: 'Orientations par mois' });
    await table.waitFor();
    const headers = await table.locator('thead th').allInnerTexts();
    expect(headers).toEqual([
      'Mois',
      'Besoin',
      'Droits',
      'Département',
      'Type de service',
      'Manque',
      'Nombre',
    ]);
    // The earlier tests printed, handed off and moved on: their triages were counted, by month only.
    expect(await table.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await table.locator('tbody th').first().innerText()).toMatch(/^\d{4}-\d{2}$/);
    expect(await table.innerText()).toContain('Dents');
    const csv = page.getByRole('link', { name: 'Télécharger le CSV' });
    expect(await csv.getAttribute('href')).toBe('/staff/api/counts.csv');
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
