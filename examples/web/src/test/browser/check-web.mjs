// Usage: node check-web.mjs <base url> <screenshot.png> <download dir> <user> <password> <user 2> <password 2>
// Drives the web example as a person would: signs in, a batch of 3 through the modal, live progress to 3/3, three
// images decoded in the gallery, one downloaded, the quota lower; "Edit…" on a gallery image and an uploaded photo
// edited; then, signed in as another user, a CSV prompt file of 50 uploaded and run to 50/50. Prints a JSON report;
// exits 2 when the browser cannot start. Playwright comes from the gallery check's install (examples/src/test/gallery).
import { launch, signIn } from './sign-in.mjs';
import { join } from 'node:path';

const [base, shot, downloads, user, password, user2, password2] = process.argv.slice(2);
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const report = { console: [] };
  page.on('pageerror', (e) => report.console.push(String(e)));
  report.loginPage = await signIn(page, base, user, password);
  report.signedInAs = await page.textContent('#who');
  report.sandboxBanner = await page.isVisible('#sandbox');
  report.styles = await page.$$eval('#style option', (o) => o.map((x) => x.value));
  report.aspects = await page.$$eval('#aspect option', (o) => o.map((x) => x.value));
  report.quotaBefore = Number(await page.getAttribute('#quota', 'data-remaining'));

  await page.selectOption('#style', 'realistic');
  await page.selectOption('#aspect', '4:5');
  await page.click('#open-batch');
  await page.fill('#batch-prompts', 'White sneaker on concrete\nCeramic mug on oak table\nLeather backpack, studio light');
  await page.waitForFunction(() => document.getElementById('batch-estimate').textContent.includes('3 image'));
  report.estimate = await page.textContent('#batch-estimate');
  await page.click('#run-batch');
  await page.waitForFunction(() => document.getElementById('progress-count').textContent === '3/3', null, { timeout: 30000 });
  report.progress = await page.textContent('#progress-count');
  await page.waitForFunction(() => document.querySelectorAll('#gallery img').length === 3
    && [...document.querySelectorAll('#gallery img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 30000 });
  report.decoded = await page.$$eval('#gallery img', (imgs) => imgs.filter((i) => i.complete && i.naturalWidth > 0).length);
  report.captions = await page.$$eval('#gallery figcaption', (c) => c.map((x) => x.textContent));
  await page.waitForFunction((before) => Number(document.getElementById('quota').dataset.remaining) < before,
    report.quotaBefore, { timeout: 10000 });
  report.quotaAfter = Number(await page.getAttribute('#quota', 'data-remaining'));

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#gallery a.download >> nth=0')]);
  report.downloaded = join(downloads, download.suggestedFilename());
  await download.saveAs(report.downloaded);

  // "Edit…" on a gallery image (Kontext Pro), then an uploaded source photo (the downloaded WebP) edited with Kontext Dev.
  await page.click('#gallery button.edit >> nth=0');
  await page.fill('#edit-prompt', 'make the product red');
  report.editModels = await page.$$eval('#edit-model option', (o) => o.map((x) => x.value));
  report.editDefault = await page.inputValue('#edit-model');
  await page.click('#run-edit');
  await page.waitForFunction(() => document.querySelectorAll('#gallery img').length === 4
    && [...document.querySelectorAll('#gallery img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 30000 });
  report.editCaption = await page.textContent('#gallery figcaption >> nth=0');
  await page.click('#open-upload-edit');
  await page.setInputFiles('#edit-file', report.downloaded);
  await page.fill('#edit-prompt', 'on a marble table');
  await page.selectOption('#edit-model', 'kontext-dev');
  await page.click('#run-edit');
  await page.waitForFunction(() => document.querySelectorAll('#gallery img').length === 5
    && [...document.querySelectorAll('#gallery img')].every((i) => i.complete && i.naturalWidth > 0), null, { timeout: 30000 });
  report.uploadEditCaption = await page.textContent('#gallery figcaption >> nth=0');

  // "Remove background" then "Upscale 2×" on the newest image; then a batch of 2 with both steps after each prompt.
  const count = (n) => page.waitForFunction((want) => document.querySelectorAll('#gallery img').length === want
    && [...document.querySelectorAll('#gallery img')].every((i) => i.complete && i.naturalWidth > 0), n, { timeout: 30000 });
  await page.click('#gallery button.cutout >> nth=0');
  await count(6);
  report.cutoutCaption = await page.textContent('#gallery figcaption >> nth=0');
  await page.click('#gallery button.upscale >> nth=0');
  await count(7);
  report.upscaleCaption = await page.textContent('#gallery figcaption >> nth=0');
  await page.click('#open-batch');
  await page.fill('#batch-prompts', 'Linen shirt\nWool scarf');
  await page.check('#then-remove-background');
  await page.check('#then-upscale');
  await page.waitForFunction(() => document.getElementById('batch-estimate').textContent.includes(' to $'));
  report.pipelineEstimate = await page.textContent('#batch-estimate');
  await page.click('#run-batch');
  await page.waitForFunction(() => document.getElementById('progress-count').textContent === '2/2', null, { timeout: 30000 });
  await count(9);
  report.pipelineCaption = await page.textContent('#gallery figcaption >> nth=0');
  await page.screenshot({ path: shot, fullPage: false });

  // A saved template over an uploaded catalogue of 3 rows: preview, then run as one batch.
  await page.click('#open-templates');
  await page.selectOption('#template-name', 'product-colors');
  await page.setInputFiles('#template-file', { name: 'mugs.csv', mimeType: 'text/csv',
    buffer: Buffer.from('product,color\nmug,red\nbowl,blue\nplate,green\n') });
  await page.waitForFunction(() => document.getElementById('template-preview').textContent.startsWith('3 prediction'));
  report.templatePreview = await page.textContent('#template-preview');
  await page.click('#run-template');
  await page.waitForFunction(() => document.getElementById('progress-count').textContent === '3/3', null, { timeout: 30000 });
  await count(12);
  report.templateCaption = await page.textContent('#gallery figcaption >> nth=0');

  // A prompt file of 50 (CSV, the CLI's format), uploaded by another user in a browser of their own.
  const other = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  other.on('pageerror', (e) => report.console.push(String(e)));
  await signIn(other, base, user2, password2);
  report.otherGalleryBefore = await other.$$eval('#gallery img', (imgs) => imgs.length);
  const csv = 'prompt,aspect_ratio\n' + Array.from({ length: 50 }, (_, i) => `"Product ${i + 1}, studio light",1:1`).join('\n');
  await other.click('#open-batch');
  await other.uncheck('#then-remove-background'); // the catalogue runs without steps
  await other.uncheck('#then-upscale');
  await other.setInputFiles('#prompt-file', { name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await other.click('#upload-batch');
  await other.waitForFunction(() => document.getElementById('progress-count').textContent === '50/50', null, { timeout: 60000 });
  report.uploadProgress = await other.textContent('#progress-count');
  report.uploadItems = await other.$$eval('#progress-items li', (li) => li.filter((x) => x.textContent.startsWith('✔')).length);
  await other.waitForFunction(() => document.querySelectorAll('#gallery img').length === 50, null, { timeout: 30000 });
  report.uploadGallery = await other.$$eval('#gallery img', (imgs) => imgs.length);
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
