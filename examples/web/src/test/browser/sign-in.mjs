// Shared by the web example's browser checks: Debian's Chromium (launched as the gallery check does, with the
// playwright-core installed in examples/src/test/gallery) and signing in through the app's login form.
export { launch } from '../../../../src/test/gallery/browser.mjs';

// Opens the app, which sends a browser that is not signed in to the login form; signs in there and waits for the page
// to have loaded the user's quota. Returns the path the app first answered with (the login form's).
export async function signIn(page, base, user, password) {
  await page.goto(base, { waitUntil: 'load' });
  const first = new URL(page.url()).pathname;
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  await Promise.all([page.waitForURL(base + '/'), page.click('button[type=submit]')]);
  await page.waitForFunction(() => document.getElementById('quota').dataset.remaining !== undefined);
  return first;
}
