// The official Replicate JS client (pinned in package-lock.json) against the local emulator: Promise.all over
// replicate.run(...) and a download of each output, as its README suggests. Prints one JSON line of results.
// Usage: node run.mjs <emulatorBaseUrl> <token> <count> <outDir> [aspect] [format] [megapixels]
import Replicate from 'replicate';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, token, count, outDir, aspect = '1:1', format = 'webp', megapixels = '1'] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const replicate = new Replicate({ auth: token, baseUrl: `${base}/v1`, useFileOutput: false });
const started = process.hrtime.bigint();
const cpu0 = process.cpuUsage();
const errors = {};
let ok = 0;
let failed = 0;
await Promise.all([...Array(Number(count)).keys()].map(async (i) => {
  try {
    const output = await replicate.run('black-forest-labs/flux-schnell', {
      input: { prompt: `bench ${i}`, aspect_ratio: aspect, output_format: format, megapixels, output_quality: 90 },
    });
    let j = 0;
    for (const url of output) {
      const res = await fetch(url);
      if (!res.ok) throw new Error(`download HTTP ${res.status}`);
      writeFileSync(join(outDir, `${i}-${j++}.${format}`), Buffer.from(await res.arrayBuffer()));
    }
    ok++;
  } catch (e) {
    failed++;
    const key = String(e.message || e).slice(0, 80);
    errors[key] = (errors[key] || 0) + 1;
  }
}));
const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({
  ok, failed, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMb: process.resourceUsage().maxRSS / 1024,
  errors,
}));
