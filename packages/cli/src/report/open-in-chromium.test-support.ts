import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext } from 'playwright-core';

/** What a page did when opened. */
export interface PageVisit {
  /** Every request the page made, its own file:// load excluded. */
  readonly requests: readonly string[];
  /** Console messages of type error, and page errors. */
  readonly errors: readonly string[];
  /** Per `[data-plot]` figure: its id, and the data points its SVG draws (0: no SVG). */
  readonly plots: readonly { readonly id: string; readonly points: number; readonly shapes: number }[];
  /** The header's answer (`data-answer`). */
  readonly answer: string | null;
  /** Milliseconds from navigation to the load event. */
  readonly loadMs: number;
}

/** Headless Debian Chromium (`/usr/bin/chromium`), with no network of its own and a fresh profile (--user-data-dir). */
export async function launchChromium(): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const profile = await mkdtemp(join(tmpdir(), 'modelroute-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
    viewport: { width: 1040, height: 900 },
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Opens the HTML file at `path`, records its requests and errors, and optionally takes a full-page screenshot. */
export async function visitReport(browser: BrowserContext, path: string, screenshot?: string): Promise<PageVisit> {
  const page = await browser.newPage();
  const url = pathToFileURL(path).href;
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  const started = performance.now();
  await page.goto(url, { waitUntil: 'load' });
  const loadMs = performance.now() - started;
  // Runs in the page (a string: this package's types have no DOM).
  const facts = (await page.evaluate(`({
    plots: [...document.querySelectorAll('[data-plot]')].map((f) => ({
      id: f.getAttribute('data-plot') ?? '',
      points: Number(f.querySelector('svg[data-points]')?.getAttribute('data-points') ?? 0),
      shapes: f.querySelectorAll('svg path.series, svg g.row').length,
    })),
    answer: document.querySelector('[data-answer]')?.getAttribute('data-answer') ?? null,
  })`)) as Pick<PageVisit, 'plots' | 'answer'>;
  if (screenshot !== undefined) await page.screenshot({ path: screenshot, fullPage: true });
  await page.close();
  return { requests, errors, loadMs, ...facts };
}
