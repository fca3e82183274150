// Usage: node check-gallery.mjs <index.html> <screenshot.png>
// Prints {"images":N,"decoded":M,"broken":[...]} and exits 0; exits 2 when the browser cannot start.
import { launch } from './browser.mjs';
import { pathToFileURL } from 'node:url';

const [page, shot] = process.argv.slice(2);
const browser = await launch();
try {
  const tab = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' });
  // lazy images load once scrolled into view: scroll to the end, then wait for every image to settle
  await tab.evaluate(async () => {
    for (const img of document.images) img.loading = 'eager';
    await Promise.all([...document.images].map((i) => i.decode().catch(() => {})));
  });
  const result = await tab.evaluate(() => ({
    images: document.images.length,
    decoded: [...document.images].filter((i) => i.complete && i.naturalWidth > 0).length,
    broken: [...document.images].filter((i) => !(i.complete && i.naturalWidth > 0)).map((i) => i.getAttribute('src')),
    title: document.title,
  }));
  await tab.screenshot({ path: shot, fullPage: false });
  console.log(JSON.stringify(result));
} finally {
  await browser.close();
}
