/**
 * "Recevoir par SMS" in a real browser (Debian chromium driven by playwright-core), against a real server
 * whose SMS go to an in-memory outbox: a conversation completed with the keyboard only, the answer sent to
 * a phone with the keyboard (an invalid number first, then too many sends), in French and in Arabic, and an
 * axe scan (WCAG 2.1 AA) with the form open.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { wcagViolations } from './accessibility.js';
import { launchChromium } from './chromium.js';
import { createOutboxSender } from '../../src/channels/sms/sms-sender.js';
import type { RunningServer } from '../../src/server/start-server.js';
import { startTestServer } from '../support/test-server.js';

const outbox = createOutboxSender();
let running: RunningServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ running, base } = await startTestServer('e2e-sms', {}, { smsSender: outbox }));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

beforeEach(() => outbox.clear());

const log = (page: Page) => page.getByRole('log');
const bubbles = (page: Page) => page.locator('.aiguillage-bot');
/** The focused element as `tag#id:text` ('' when nothing is). */
async function focused(page: Page): Promise<string> {
  const element = page.locator(':focus');
  if ((await element.count()) === 0) return '';
  return element.evaluate((e) => `${e.tagName.toLowerCase()}#${e.id}:${e.textContent ?? ''}`);
}
const smsStatus = (page: Page) => page.locator('#aiguillage-sms [role="status"]').innerText();

/** Presses Tab (or Shift+Tab) until the focused element's text or id contains `target`: reachable by keyboard. */
async function tabTo(page: Page, target: string, key = 'Tab'): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    if ((await focused(page)).includes(target)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${target} cannot be reached with ${key}; focus is on ${await focused(page)}`);
}

/** Opens the widget from the page with the keyboard, then types each message into the chat's input. */
async function converse(page: Page, launcher: string, input: string, messages: string[]): Promise<void> {
  await page.getByRole('button', { name: launcher }).waitFor();
  await tabTo(page, `button#:${launcher}`);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await log(page).innerText()).length).toBeGreaterThan(10);
  expect(await focused(page)).toContain('aiguillage-input');
  for (const text of messages) {
    const before = await bubbles(page).count();
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
    await expect.poll(() => bubbles(page).count()).toBeGreaterThan(before);
    await page.waitForTimeout(200);
    expect(await focused(page)).toContain(input);
  }
}

/** From the chat input, back to "Recevoir par SMS" with Shift+Tab, and open the form with Enter. */
async function openSmsForm(page: Page, name: string): Promise<void> {
  await expect.poll(() => page.getByRole('button', { name }).isVisible()).toBe(true);
  await tabTo(page, name, 'Shift+Tab');
  await page.keyboard.press('Enter');
  expect(await page.getByRole('button', { name }).getAttribute('aria-expanded')).toBe('true');
  expect(await focused(page)).toContain('aiguillage-phone');
}

/** Empties the number field with the keyboard, types a number and submits with Enter. */
async function submitNumber(page: Page, phone: string): Promise<void> {
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(phone);
  await page.keyboard.press('Enter');
}

describe('widget: send the answer by SMS', () => {
  it('sends the French answer to a phone with the keyboard only; refuses a bad number; limits sends', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/`);
    await converse(page, 'Aide santé', 'aiguillage-input', [
      "bonjour j'ai pas de sécu et mal aux dents, je suis à Dijon",
      'non',
    ]);
    await expect.poll(() => log(page).innerText()).toContain('Voici où aller');
    await openSmsForm(page, 'Recevoir par SMS');

    const phone = page.getByRole('textbox', { name: 'Votre numéro de portable' });
    expect(await phone.getAttribute('type')).toBe('tel');
    expect(await phone.getAttribute('autocomplete')).toBe('tel');
    expect(await phone.getAttribute('inputmode')).toBe('tel');
    // The privacy line is the field's description.
    const described = (await phone.getAttribute('aria-describedby'))?.split(' ') ?? [];
    expect(await page.locator(`#${described[0]}`).innerText()).toContain('Nous ne le gardons pas');

    // A landline: a clear message, the field marked invalid, nothing sent.
    await submitNumber(page, '01 23 45 67 89');
    await expect.poll(() => smsStatus(page)).toContain('Ce numéro ne convient pas');
    expect(await phone.getAttribute('aria-invalid')).toBe('true');
    expect(await focused(page)).toContain('aiguillage-phone');
    expect(outbox.entries()).toEqual([]);
    // An empty field says the same, without asking the server.
    await submitNumber(page, '');
    await expect.poll(() => smsStatus(page)).toContain('Ce numéro ne convient pas');

    expect(await wcagViolations(page)).toEqual([]);

    await submitNumber(page, '06 12 34 56 78');
    await expect.poll(() => smsStatus(page)).toMatch(/^C'est envoyé : \d SMS\.$/);
    const count = Number((await smsStatus(page)).match(/\d/)?.[0]);
    expect(outbox.entries().length).toBe(count);
    expect(outbox.entries().every((e) => e.to === '+33612345678')).toBe(true);
    expect(outbox.entries()[0]?.body).toContain('PASS');
    expect(await phone.inputValue()).toBe(''); // the number does not stay on the screen
    expect(await phone.getAttribute('aria-invalid')).toBeNull();

    // 3 sends per conversation: the fourth is refused with a clear message.
    for (let sends = 2; sends <= 3; sends += 1) {
      await submitNumber(page, '07 12 34 56 78');
      await expect.poll(() => smsStatus(page)).toContain("C'est envoyé");
      expect(outbox.entries().length).toBe(sends * count);
    }
    await submitNumber(page, '07 12 34 56 78');
    await expect.poll(() => smsStatus(page)).toContain("Trop d'envois pour aujourd'hui");
    expect(outbox.entries().length).toBe(3 * count);

    // Escape closes the SMS form only, and gives the focus back to its button.
    await page.keyboard.press('Escape');
    expect(await page.locator('#aiguillage-sms').isHidden()).toBe(true);
    expect(await focused(page)).toContain('Recevoir par SMS');
    expect(await page.locator('#aiguillage-panel').isVisible()).toBe(true);

    // On to another need: there is no answer to send until the new one.
    await tabTo(page, 'aiguillage-input');
    await page.keyboard.type("J'ai un autre besoin");
    await page.keyboard.press('Enter');
    await expect.poll(() => log(page).innerText()).toContain('De quoi avez-vous besoin');
    await openSmsForm(page, 'Recevoir par SMS');
    await submitNumber(page, '06 55 44 33 22');
    await expect.poll(() => smsStatus(page)).toBe("Il n'y a pas de réponse à envoyer pour le moment.");
    expect(outbox.entries().length).toBe(3 * count);
    await page.context().close();
  }, 90_000);

  it('works in Arabic, right-to-left, with the number left-to-right; says when sending failed', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/ar.html`);
    await converse(page, 'مساعدة صحية', 'aiguillage-input', [
      'la la',
      "bghit tbib, 3andi l'AME",
      'Saint-Denis 93',
    ]);
    await openSmsForm(page, 'استلام برسالة SMS');
    const form = page.locator('#aiguillage-sms');
    expect(
      await form.evaluate((e) => [
        e.closest('[lang]')?.getAttribute('lang'),
        e.closest('[dir]')?.getAttribute('dir'),
      ]),
    ).toEqual(['ar', 'rtl']);
    const phone = page.getByRole('textbox', { name: 'رقم هاتفك المحمول' });
    expect(await phone.getAttribute('dir')).toBe('ltr');

    // The provider fails: the person is told in Arabic, and can try again.
    await page.route('**/sms', (route) =>
      route.fulfill({
        status: 502,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'sms-failed', message: 'failed' } }),
      }),
    );
    await submitNumber(page, '06 98 76 54 32');
    await expect.poll(() => smsStatus(page)).toContain('لم تُرسَل الرسالة');
    await page.unroute('**/sms');

    await submitNumber(page, '0698765432');
    await expect.poll(() => smsStatus(page)).toMatch(/^تم الإرسال\. عدد رسائل SMS: \d\.$/);
    expect(outbox.entries().length).toBeGreaterThan(0);
    expect(outbox.entries()[0]?.to).toBe('+33698765432');
    expect(outbox.entries()[0]?.body).toMatch(/[\u0600-\u06FF]/);

    await submitNumber(page, '12');
    await expect.poll(() => smsStatus(page)).toContain('هذا الرقم غير صالح');
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  }, 90_000);
});
