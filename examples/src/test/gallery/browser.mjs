// Launches Debian's Chromium for the browser checks (flags: no sandbox as root, no background network on a closed
// machine). Exits 2 when the browser cannot start.
import { chromium } from 'playwright-core';

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  }).catch((e) => { console.error(String(e)); process.exit(2); });
}
