/**
 * The widget in a real browser (Debian chromium driven by playwright-core, no browser download), embedded
 * in the demo page served by a real server: a whole conversation in French and in Arabic with the keyboard
 * only, a reload in the middle, erasing a conversation with the keyboard, and axe scans (WCAG 2.1 AA) with
 * zero violations.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wcagViolations } from './accessibility.js';
import { launchChromium } from './chromium.js';
import type { RunningServer } from '../../src/server/start-server.js';
import { startTestServer } from '../support/test-server.js';

let running: RunningServer;
let browser: Browser;
let base: string;

beforeAll(async () => {
  ({ running, base } = await startTestServer('e2e'));
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await running?.close();
});

async function openPage(locale: 'fr' | 'ar'): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(locale === 'fr' ? `${base}/` : `${base}/ar.html`);
  return page;
}

/** Tab to the launcher and open the panel with the keyboard. */
async function openWidget(page: Page, launcherName: RegExp): Promise<void> {
  const launcher = page.getByRole('button', { name: launcherName });
  await launcher.focus();
  await page.keyboard.press('Enter');
  await expect.poll(() => page.getByRole('log').count()).toBeGreaterThan(0);
}

async function lastBotText(page: Page): Promise<string> {
  return (await page.getByRole('log').innerText()).trim();
}

async function type(page: Page, inputName: RegExp, text: string): Promise<void> {
  const input = page.getByRole('textbox', { name: inputName });
  await input.focus();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The focused element as `tag#id:text` ('' when nothing is). */
async function focused(page: Page): Promise<string> {
  const element = page.locator(':focus');
  if ((await element.count()) === 0) return '';
  return element.evaluate((e) => `${e.tagName.toLowerCase()}#${e.id}:${e.textContent ?? ''}`);
}

/** Presses `key` until the focused element's text or id contains `target`: reachable by keyboard. */
async function tabTo(page: Page, target: string, key = 'Tab'): Promise<void> {
  for (let i = 0; i < 40; i += 1) {
    if ((await focused(page)).includes(target)) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${target} cannot be reached with ${key}; focus is on ${await focused(page)}`);
}

/** The conversation id the widget keeps in sessionStorage ('' when none; the tests have no DOM types). */
const storedId = (page: Page) =>
  page.evaluate<string>("sessionStorage.getItem('aiguillage.conversation') || ''");

describe('widget', () => {
  it('completes a conversation in French with the keyboard only, through a reload', async () => {
    const page = await openPage('fr');
    await openWidget(page, /aide santé/i);
    await expect.poll(() => lastBotText(page)).toContain('urgence grave');
    await type(page, /votre message/i, "bonjour j'ai pas de sécu et mal aux dents");
    await expect.poll(() => lastBotText(page)).toContain('noté');
    await type(page, /votre message/i, 'non');
    await page.waitForTimeout(300);

    await page.reload();
    await openWidget(page, /aide santé/i);
    // The conversation goes on where it was: the question after "non" is asked again.
    await expect.poll(() => lastBotText(page)).not.toContain('Bonjour. Je vous aide');
    const answers: Record<string, string> = { âge: '40', attendre: 'oui', ville: 'Dijon', logement: 'non' };
    for (let turn = 0; turn < 6; turn += 1) {
      const text = await lastBotText(page);
      if (text.includes('Voici où aller')) break;
      const key = Object.keys(answers).find((k) => text.slice(-300).includes(k));
      await type(page, /votre message/i, key ? (answers[key] ?? 'je ne sais pas') : 'je ne sais pas');
      await page.waitForTimeout(300);
    }
    await expect.poll(() => lastBotText(page)).toContain('Voici où aller');
    // Choices are real buttons reachable by the keyboard.
    expect(await page.getByRole('button', { name: /terminer/i }).count()).toBeGreaterThan(0);
    // This server has no SMS provider (GET /api/features says so): no "Recevoir par SMS" that could not work.
    await expect
      .poll(() =>
        page.evaluate(() =>
          performance.getEntriesByType('resource').some((e) => e.name.endsWith('/api/features')),
        ),
      )
      .toBe(true);
    await page.waitForTimeout(200);
    expect(await page.getByRole('button', { name: /recevoir par sms/i }).count()).toBe(0);
    await page.context().close();
  }, 60_000);

  it('speaks Arabic right-to-left when the page asks for it', async () => {
    const page = await openPage('ar');
    const context = page.context();
    const launcher = page.getByRole('button').first();
    await launcher.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await page.getByRole('log').innerText()).length).toBeGreaterThan(10);
    const rtl = await page.getByRole('log').locator('[dir="rtl"][lang="ar"]').count();
    expect(rtl).toBeGreaterThan(0);
    const input = page.getByRole('textbox').first();
    await input.focus();
    await page.keyboard.type('لا');
    await page.keyboard.press('Enter');
    await expect
      .poll(async () => (await page.getByRole('log').innerText()).match(/[\u0600-\u06FF]/g)?.length ?? 0)
      .toBeGreaterThan(50);
    expect(await wcagViolations(page)).toEqual([]);
    await context.close();
  }, 60_000);

  it('erases the conversation with the keyboard only, after a yes/no, and starts a new one', async () => {
    const page = await openPage('fr');
    await openWidget(page, /aide santé/i);
    await expect.poll(() => lastBotText(page)).toContain('urgence grave');
    await type(page, /votre message/i, "bonjour j'ai pas de sécu et mal aux dents");
    await expect.poll(() => lastBotText(page)).toContain('noté');
    const oldId = await storedId(page);
    expect(oldId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await fetch(`${base}/api/conversations/${oldId}`)).status).toBe(200);

    // From the input, back to "Effacer la conversation": it asks first, with "No" focused.
    await tabTo(page, 'Effacer la conversation', 'Shift+Tab');
    await page.keyboard.press('Enter');
    const erase = page.getByRole('button', { name: 'Effacer la conversation' });
    expect(await erase.getAttribute('aria-expanded')).toBe('true');
    expect(await page.getByRole('group', { name: 'Effacer toute la conversation ?' }).isVisible()).toBe(true);
    expect(await focused(page)).toContain('Non, garder');
    expect(await wcagViolations(page)).toEqual([]);
    // "Non, garder" keeps everything; Escape too.
    await page.keyboard.press('Enter');
    expect(await focused(page)).toContain('Effacer la conversation');
    expect(await page.getByRole('group').filter({ hasText: 'Effacer toute' }).count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Escape');
    expect(await focused(page)).toContain('Effacer la conversation');
    expect(await lastBotText(page)).toContain('mal aux dents');

    await page.keyboard.press('Enter');
    await tabTo(page, 'Oui, tout effacer', 'Shift+Tab');
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.getByRole('status').first().innerText())
      .toBe("La conversation est effacée. Rien n'est gardé.");
    expect(await focused(page)).toContain('aiguillage-input');
    expect(await erase.getAttribute('aria-expanded')).toBe('false');
    // The server forgot it; the page shows a new conversation (the welcome again), with a new id.
    expect((await fetch(`${base}/api/conversations/${oldId}`)).status).toBe(404);
    await expect.poll(() => lastBotText(page)).toContain('urgence grave');
    expect(await lastBotText(page)).not.toContain('mal aux dents');
    expect(await page.locator('.aiguillage-me').count()).toBe(0);
    await expect.poll(() => storedId(page)).toMatch(/^[0-9a-f-]{36}$/);
    expect(await storedId(page)).not.toBe(oldId);
    // The new conversation answers.
    await type(page, /votre message/i, "j'ai mal aux dents");
    await expect.poll(() => lastBotText(page)).toContain('noté');
    await page.context().close();
  }, 60_000);

  it('has no WCAG 2.1 AA violation on the demo page with the widget open', async () => {
    const page = await openPage('fr');
    await openWidget(page, /aide santé/i);
    await expect.poll(() => lastBotText(page)).toContain('urgence grave');
    expect(await wcagViolations(page)).toEqual([]);
    await page.context().close();
  }, 60_000);
});
