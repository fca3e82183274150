// Usage: node check-library.mjs <base url> <screenshot dir> <user> <password> <user 2> <password 2>
// Issue #32 as a person uses it: one image made and starred, the form's prompt starred; the starred prompt reused in
// the form (a new request) and the starred result as a row of a batch; the history searched and its first request run
// again (the same seed), an entry deleted; a request that fails; the preview opened with the keyboard (focus stays in
// it, Escape closes it, focus goes back); a share link opened by a stranger (that image only, no prompt), then
// revoked (404); the usage panel; then a second user, who sees none of it and reaches none of it. Prints a JSON
// report; takes small screenshots of the new panels into the screenshot dir; exits 2 without a browser.
import { launch, signIn } from './sign-in.mjs';
import { join } from 'node:path';

const [base, shots, user, password, user2, password2] = process.argv.slice(2);
const browser = await launch();
const report = { console: [] };
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => report.console.push(String(e)));
  await signIn(page, base, user, password);
  const gallery = (n) => page.waitForFunction((want) => document.querySelectorAll('#gallery img').length === want
    && [...document.querySelectorAll('#gallery img')].every((i) => i.complete && i.naturalWidth > 0), n,
  { timeout: 30000 });
  const count = (selector, n) => page.waitForFunction(([s, want]) => document.querySelectorAll(s).length === want,
    [selector, n], { timeout: 15000 });

  // A result, starred; then the form's prompt and settings, starred.
  await page.fill('#prompt', 'Red kite over dunes');
  await page.selectOption('#style', 'artistic');
  await page.selectOption('#aspect', '16:9');
  await page.click('#generate');
  await gallery(1);
  await page.click('#gallery button.star >> nth=0');
  await page.waitForFunction(() => document.querySelector('#gallery button.star').getAttribute('aria-pressed')
    === 'true');
  await page.fill('#prompt', 'Lighthouse at dusk');
  await page.selectOption('#style', 'realistic');
  await page.selectOption('#aspect', '4:5');
  await page.click('#star-prompt');
  await count('#favourites li', 2);
  report.favourites = await page.$$eval('#favourites li p', (p) => p.map((x) => x.textContent));

  // The starred prompt back in the form, as a new request; the starred result as a row of a batch.
  await page.fill('#prompt', 'something else');
  await page.selectOption('#style', 'none');
  await page.selectOption('#aspect', '1:1');
  await page.click('#favourites li:has-text("Lighthouse at dusk") >> button:text("Use")');
  report.usedForm = { prompt: await page.inputValue('#prompt'), style: await page.inputValue('#style'),
    aspect: await page.inputValue('#aspect') };
  await page.click('#generate');
  await gallery(2);
  await page.click('#favourites li:has-text("Red kite over dunes") >> button:text("Add to batch")');
  await page.waitForFunction(() => document.getElementById('batch-modal').open);
  report.batchRows = await page.$$eval('#batch-rows li', (li) => li.map((x) => x.textContent));
  await page.click('#run-batch');
  await page.waitForFunction(() => document.getElementById('progress-count').textContent === '1/1', null,
    { timeout: 30000 });
  await gallery(3);
  await page.locator('#favourites-panel').screenshot({ path: join(shots, 'web-favourites.png') });

  // The history, searched; its first request run again with the seed the model used; one entry deleted.
  await page.fill('#history-search', 'kite');
  await page.waitForFunction(() => {
    const li = [...document.querySelectorAll('#history li')];
    return li.length === 2 && li.every((x) => x.textContent.includes('kite'));
  }, null, { timeout: 15000 });
  report.historyFound = await page.$$eval('#history li', (li) => li.length);
  const first = page.locator('#history li').last(); // the oldest: the first request
  report.rerunSeed = await first.getAttribute('data-seed');
  await first.locator('button:text("Run again")').click();
  await gallery(4);
  await count('#history li', 3);
  await page.locator('#history-panel').screenshot({ path: join(shots, 'web-history.png') });
  await page.fill('#history-search', '');
  await count('#history li', 4);
  await page.click('#history li >> nth=0 >> button:text("Delete")');
  await count('#history li', 3);
  report.historyAfterDelete = 3;

  // A request that fails: its error shown, kept in the history as failed.
  await page.fill('#prompt', 'Broken lamp FAIL-ME');
  await page.click('#generate');
  await page.waitForFunction(() => document.getElementById('error').textContent.length > 0, null, { timeout: 30000 });
  await count('#history li', 4);
  report.failedEntry = await page.textContent('#history li >> nth=0');

  // The preview, with the keyboard: focus stays in it, Escape closes it and focus goes back to the image.
  await page.focus('#gallery button.preview >> nth=0');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('preview-modal').open
    && document.getElementById('preview-image').naturalWidth > 0, null, { timeout: 15000 });
  const previewed = await page.evaluate(() => ({ title: document.getElementById('preview-title').textContent,
    settings: document.getElementById('preview-settings').textContent,
    download: document.getElementById('preview-download').getAttribute('download'),
    href: document.getElementById('preview-download').getAttribute('href') }));
  report.preview = previewed;
  const inside = [];
  for (const key of [...Array(12).fill('Tab'), ...Array(12).fill('Shift+Tab')]) {
    await page.keyboard.press(key);
    inside.push(await page.evaluate(() => document.getElementById('preview-modal').contains(document.activeElement)));
  }
  report.focusTrapped = inside.every((x) => x);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.getElementById('preview-modal').open);
  report.focusBack = await page.evaluate(() => document.activeElement
    === document.querySelector('#gallery button.preview'));

  // A share link, opened by a stranger: that image only, no prompt; then revoked.
  await page.click('#gallery button.preview >> nth=0');
  await page.click('#share-create');
  await page.waitForFunction(() => document.getElementById('share-url').value.includes('/s/'));
  const shareUrl = await page.inputValue('#share-url');
  await count('#shares li', 1);
  await page.locator('#preview-modal').screenshot({ path: join(shots, 'web-preview.png') });
  const stranger = await (await browser.newContext({ viewport: { width: 800, height: 600 } })).newPage();
  stranger.on('pageerror', (e) => report.console.push(String(e)));
  const opened = await stranger.goto(shareUrl, { waitUntil: 'load' });
  await stranger.waitForFunction(() => document.querySelector('img') && document.querySelector('img').naturalWidth > 0);
  report.shared = { status: opened.status(), images: await stranger.$$eval('img', (i) => i.length),
    links: await stranger.$$eval('a', (a) => a.length), text: await stranger.textContent('body'),
    html: await stranger.content(), api: (await stranger.request.get(base + '/api/v1/history')).status() };
  report.sharedPrompt = previewed.title;
  await stranger.screenshot({ path: join(shots, 'web-share.png') });
  await page.click('#share-revoke');
  await count('#shares li', 0);
  report.revoked = { page: (await stranger.goto(shareUrl)).status(),
    image: (await stranger.request.get(shareUrl + '/image')).status() };
  await page.click('#close-preview');

  // My usage, and what the gallery says was spent.
  await page.waitForFunction(() => document.getElementById('usage-total').dataset.failures === '1');
  report.usage = await page.evaluate(() => ({ ...document.getElementById('usage-total').dataset }));
  report.spent = await page.evaluate(async () => {
    const cards = await (await fetch('/api/v1/gallery')).json();
    return { images: cards.length, usd: cards.reduce((s, c) => s + Number(c.cost_usd), 0) };
  });
  report.usageTables = await page.$$eval('#usage-tables table', (t) => t.map((x) => x.textContent));
  await page.locator('#usage-panel').screenshot({ path: join(shots, 'web-usage.png') });

  // Another user sees none of it, and reaches none of it.
  const ids = await page.evaluate(async () => ({
    history: (await (await fetch('/api/v1/history')).json())[0].id,
    favourite: (await (await fetch('/api/v1/favourites')).json())[0].id,
    image: (await (await fetch('/api/v1/gallery')).json())[0].id }));
  await page.click('#gallery button.preview >> nth=0');
  await page.click('#share-create');
  await count('#shares li', 1);
  ids.share = (await page.evaluate(async () => (await (await fetch('/api/v1/shares')).json())[0].id));
  await page.click('#close-preview');
  const other = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  other.on('pageerror', (e) => report.console.push(String(e)));
  await signIn(other, base, user2, password2);
  await other.waitForFunction(() => document.getElementById('usage-total').dataset.images !== undefined);
  report.second = {
    gallery: await other.$$eval('#gallery img', (i) => i.length),
    favourites: await other.$$eval('#favourites li', (i) => i.length),
    history: await other.$$eval('#history li', (i) => i.length),
    shares: await other.$$eval('#shares li', (i) => i.length),
    usage: await other.evaluate(() => ({ ...document.getElementById('usage-total').dataset })),
    ...(await other.evaluate(async (theirs) => {
      const token = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))
        .split('=')[1]);
      const call = async (method, path, body) => (await fetch(path, { method, headers: { 'X-XSRF-TOKEN': token,
        'Content-Type': 'application/json' }, body: body && JSON.stringify(body) })).status;
      return { runAgain: await call('POST', `/api/v1/history/${theirs.history}/run`),
        deleteHistory: await call('DELETE', `/api/v1/history/${theirs.history}`),
        unstar: await call('DELETE', `/api/v1/favourites/${theirs.favourite}`),
        star: await call('POST', '/api/v1/favourites', { image_id: theirs.image }),
        share: await call('POST', '/api/v1/shares', { image_id: theirs.image }),
        revoke: await call('DELETE', `/api/v1/shares/${theirs.share}`),
        image: await call('GET', `/images/${theirs.image}`) };
    }, ids)),
  };
  report.firstAfter = await page.evaluate(async () => ({
    history: (await (await fetch('/api/v1/history')).json()).length,
    favourites: (await (await fetch('/api/v1/favourites')).json()).length,
    shares: (await (await fetch('/api/v1/shares')).json()).length }));
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
