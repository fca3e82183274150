// Usage: node check-security.mjs <base url> anonymous
//        node check-security.mjs <base url> users <user> <password> <user 2> <password 2>
// anonymous: a browser that has not signed in calls every state-changing endpoint from the app's own origin (with
//   the CSRF cookie's token, and without): the answers' statuses.
// users: the first user signs in and generates one image; the second, in a browser of their own, sees neither that
//   image nor the first user's quota and cannot spend on it; then a page on another site posts forms to the app in the
//   first user's browser (a multipart form that would run a saved template, a text/plain one that would generate):
//   both refused, the first user's gallery and quota unchanged. Prints a JSON report; exits 2 without a browser.
import { launch, signIn } from './sign-in.mjs';

const [base, mode, user, password, user2, password2] = process.argv.slice(2);
const STATE_CHANGING = ['/api/v1/generate/image', '/api/v1/generate/image/batch', '/api/v1/generate/image/batch/file',
  '/api/v1/edit/image', '/api/v1/edit/image/upload', '/api/v1/postprocess/image',
  '/api/v1/templates/product-colors/batch', '/api/v1/templates/product-colors/preview', '/api/v1/favourites',
  'DELETE /api/v1/favourites/p-x', '/api/v1/history/x/run', 'DELETE /api/v1/history/x', '/api/v1/shares',
  'DELETE /api/v1/shares/x'];
const browser = await launch();
const report = { console: [] };
try {
  const open = async () => {
    const page = await (await browser.newContext()).newPage();
    page.on('pageerror', (e) => report.console.push(String(e)));
    return page;
  };
  if (mode === 'anonymous') {
    const page = await open();
    await page.goto(base, { waitUntil: 'load' });
    report.landing = new URL(page.url()).pathname;
    report.statuses = await page.evaluate(async (paths) => {
      const token = (document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN=')) || '=').split('=')[1];
      const out = [];
      for (const entry of paths) {
        const [method, path] = entry.includes(' ') ? entry.split(' ') : ['POST', entry];
        for (const headers of [{ 'X-XSRF-TOKEN': decodeURIComponent(token) }, {}]) {
          const form = new FormData();
          form.append('prompt', 'anonymous');
          form.append('file', new Blob(['anonymous'], { type: 'text/plain' }), 'p.txt');
          const json = { method, headers: { ...headers, 'Content-Type': 'application/json' },
            body: JSON.stringify({ prompt: 'anonymous', prompts: ['anonymous'], image_id: 'x-0', step: 'upscale:2' }) };
          const multipart = { method: 'POST', headers, body: form };
          const r = await fetch(path, path.includes('file') || path.includes('upload') || path.includes('templates')
            ? multipart : json);
          out.push({ path: entry, csrf: Object.keys(headers).length > 0, status: r.status });
        }
      }
      return out;
    }, STATE_CHANGING);
  } else {
    const alice = await open();
    await signIn(alice, base, user, password);
    await alice.fill('#prompt', 'A private sketch of a teapot');
    await alice.click('#generate');
    await alice.waitForFunction(() => document.querySelectorAll('#gallery img').length === 1
      && document.querySelector('#gallery img').naturalWidth > 0, null, { timeout: 30000 });
    const imageUrl = await alice.getAttribute('#gallery img', 'src');
    await alice.waitForFunction(() => Number(document.getElementById('quota').dataset.remaining) < 50);
    report.first = { user: await alice.textContent('#who'), gallery: 1,
      quota: Number(await alice.getAttribute('#quota', 'data-remaining')) };

    const bob = await open();
    await signIn(bob, base, user2, password2);
    report.second = {
      user: await bob.textContent('#who'),
      gallery: await bob.$$eval('#gallery img', (imgs) => imgs.length),
      quota: Number(await bob.getAttribute('#quota', 'data-remaining')),
      quotaText: await bob.textContent('#quota'),
      ...(await bob.evaluate(async (src) => {
        const token = decodeURIComponent(document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='))
          .split('=')[1]);
        const image = await fetch(src);
        const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body),
          headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': token } });
        const id = src.split('/').pop();
        const edit = await post('/api/v1/edit/image', { image_id: id, prompt: 'mine now' });
        const upscale = await post('/api/v1/postprocess/image', { image_id: id, step: 'upscale:2' });
        const asFirst = await post('/api/v1/generate/image', { prompt: 'on her quota', user: 'alice' });
        return { image: image.status, edit: edit.status, upscale: upscale.status, asFirst: asFirst.status };
      }, imageUrl)),
    };

    // Another site's page, in the first user's browser, posts forms to the app.
    const attacker = 'http://attacker.test';
    await alice.context().route(attacker + '/**', (route) => {
      const target = new URL(route.request().url()).pathname === '/template'
        ? `<form method="POST" enctype="multipart/form-data" action="${base}/api/v1/templates/product-colors/batch">
             <input name="note" value="free images"></form>`
        : `<form method="POST" enctype="text/plain" action="${base}/api/v1/generate/image">
             <input name='{"prompt":"forged","x":"' value='"}'></form>`;
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><body>${target}
        <script>document.forms[0].submit()</script></body>` });
    });
    report.crossSite = [];
    for (const path of ['/template', '/generate']) {
      const answer = alice.waitForResponse((r) => r.url().startsWith(base + '/api/'));
      await alice.goto(attacker + path);
      report.crossSite.push((await answer).status());
    }
    await alice.goto(base, { waitUntil: 'load' });
    await alice.waitForFunction(() => document.getElementById('quota').dataset.remaining !== undefined);
    await alice.waitForFunction(() => document.querySelectorAll('#gallery img').length > 0);
    report.firstAfter = { gallery: await alice.$$eval('#gallery img', (imgs) => imgs.length),
      quota: Number(await alice.getAttribute('#quota', 'data-remaining')) };
  }
  console.log(JSON.stringify(report));
} finally {
  await browser.close();
}
