// Real-browser test of the MoE Lab kernel in Jupyter Notebook 6 (Debian's classic UI), driven by
// playwright-core with Debian's chromium. BrowserTest.java starts the notebook server on 127.0.0.1
// with a temporary kernelspec and runs this script; by hand:
//
//   NOTEBOOK_URL=http://127.0.0.1:8888 NOTEBOOK_TOKEN=... NOTEBOOK_FILE=01-tour.ipynb \
//   ARTIFACT_DIR=/tmp/shots node kernel/src/test/browser/test.mjs
//
// Steps: open the notebook, wait for the MoE Lab kernel, run its first cell (a tensor shown as an
// HTML table), add a cell `print(1 + 2)` and see `3`, press Tab after `sof` and get `softmax`, open the
// completion list for `so` and see softmax and sort offered, and take screenshots into ARTIFACT_DIR.
// Any request to a host other than 127.0.0.1 is blocked and fails the test. Exit code 0 on success.

import { chromium } from 'playwright-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const BASE = required('NOTEBOOK_URL').replace(/\/$/, '');
const TOKEN = required('NOTEBOOK_TOKEN');
const FILE = required('NOTEBOOK_FILE');
const ARTIFACTS = required('ARTIFACT_DIR');
const STEP_TIMEOUT_MS = 20_000;

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`browser test: set ${name} (see the comment at the top of test.mjs).`);
    process.exit(2);
  }
  return value;
}

/** Runs one named step, so a failure says which step and what the page showed. */
async function step(name, action) {
  const started = Date.now();
  try {
    await action();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    throw new Error(`step "${name}" failed: ${error.message}`);
  }
}

/** The text of the CodeMirror editor in a cell. */
async function editorText(cell) {
  return cell.evaluate((el) => el.querySelector('.CodeMirror').CodeMirror.getValue());
}

/** Adds an empty code cell at the end of the notebook, with its editor focused. */
async function appendCell(page) {
  const cells = page.locator('#notebook-container .cell');
  await cells.last().click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('b');
  const codeCells = page.locator('#notebook-container .cell.code_cell');
  // By index, not .last(): running the last cell appends another one.
  const cell = codeCells.nth((await codeCells.count()) - 1);
  await cell.locator('.CodeMirror').click();
  return cell;
}

async function main() {
  mkdirSync(ARTIFACTS, { recursive: true });
  const offLoopback = [];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  const consoleLines = [];
  page.on('console', (msg) => consoleLines.push(`[${msg.type()}] ${msg.text()}`));
  page.on('pageerror', (err) => consoleLines.push(`[pageerror] ${err.message}`));
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1') {
      return route.continue();
    }
    offLoopback.push(route.request().url());
    return route.abort();
  });

  try {
    await step('open the notebook', async () => {
      await page.goto(`${BASE}/notebooks/${encodeURIComponent(FILE)}?token=${TOKEN}`);
      await page.locator('#notebook-container .cell').first().waitFor();
    });

    await step('the MoE Lab kernel starts and goes idle', async () => {
      await page.locator('.kernel_indicator_name', { hasText: 'MoE Lab' }).waitFor();
      await page.locator('#kernel_indicator_icon.kernel_idle_icon').waitFor({ timeout: 60_000 });
    });

    await step('run the first code cell and see the tensor as an HTML table', async () => {
      const cell = page.locator('#notebook-container .cell.code_cell').first();
      await cell.locator('.CodeMirror').click();
      await page.keyboard.press('Control+Enter');
      const table = cell.locator('.output_area .moe-tensor');
      await table.waitFor();
      const text = await table.innerText();
      if (!text.includes('tensor[2, 2] f32') || !text.includes('4.0000')) {
        throw new Error(`the first cell showed ${JSON.stringify(text)}`);
      }
      await cell.locator('.input_prompt', { hasText: '[1]' }).waitFor();
      await page.screenshot({ path: join(ARTIFACTS, 'first-cell.png') });
    });

    await step('a new cell print(1 + 2) prints 3', async () => {
      const cell = await appendCell(page);
      await page.keyboard.type('print(1 + 2)');
      await page.keyboard.press('Control+Enter');
      const out = cell.locator('.output_area .output_stdout pre');
      await out.waitFor();
      const text = (await out.innerText()).trim();
      if (text !== '3') {
        throw new Error(`expected the output 3, the cell printed ${JSON.stringify(text)}`);
      }
    });

    await step('Tab on sof offers softmax', async () => {
      // One match is inserted at once; were the stdlib to grow another sof... name, a list opens.
      const cell = await appendCell(page);
      await page.keyboard.type('sof');
      await page.keyboard.press('Tab');
      const list = page.locator('.completions select option');
      await page.waitForFunction(
        (el) => el.querySelector('.CodeMirror').CodeMirror.getValue() === 'softmax'
          || document.querySelector('.completions select option') !== null,
        await cell.elementHandle());
      if (await list.count()) {
        const offered = await list.allInnerTexts();
        await page.keyboard.press('Escape');
        if (!offered.includes('softmax')) {
          throw new Error(`the completion list offered ${JSON.stringify(offered)}`);
        }
      }
    });

    await step('Tab on so lists softmax and sort; Enter takes the first', async () => {
      const cell = await appendCell(page);
      await page.keyboard.type('so');
      await page.keyboard.press('Tab');
      const list = page.locator('.completions select option');
      await list.first().waitFor();
      const offered = await list.allInnerTexts();
      if (!offered.includes('softmax') || !offered.includes('sort')) {
        throw new Error(`the completion list offered ${JSON.stringify(offered)}`);
      }
      await page.screenshot({ path: join(ARTIFACTS, 'completion.png') });
      await page.keyboard.press('Enter');
      const text = await editorText(cell);
      if (text !== offered[0]) {
        throw new Error(`choosing ${JSON.stringify(offered[0])} left ${JSON.stringify(text)} in the cell`);
      }
    });

    await page.screenshot({ path: join(ARTIFACTS, 'notebook.png'), fullPage: true });
    if (offLoopback.length) {
      throw new Error(`the page tried to reach hosts other than 127.0.0.1: ${offLoopback.join(', ')}`);
    }
  } catch (error) {
    await page.screenshot({ path: join(ARTIFACTS, 'failure.png'), fullPage: true }).catch(() => {});
    throw error;
  } finally {
    writeFileSync(join(ARTIFACTS, 'browser-console.log'), consoleLines.join('\n') + '\n');
    await browser.close();
  }
}

main().then(
  () => console.log('browser test passed'),
  (error) => {
    console.error(`browser test failed: ${error.message}`);
    process.exit(1);
  });
