// The official Replicate JS client chaining generate -> remove background -> upscale for each prompt, all prompts at
// once (Promise.all), as a user of its README would: replicate.run per step, each step's output the next step's input,
// every step's image saved to a file. Real-ESRGAN is a community model: its latest version is read once.
// Usage: node pipeline.mjs <emulatorBaseUrl> <token> <count> <outDir>
import Replicate from 'replicate';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [base, token, count, outDir] = process.argv.slice(2);
mkdirSync(outDir, { recursive: true });
const replicate = new Replicate({ auth: token, baseUrl: `${base}/v1`, useFileOutput: false });
const started = process.hrtime.bigint();
const errors = {};
let ok = 0;
let failed = 0;
const first = (output) => (Array.isArray(output) ? output[0] : output);
const save = async (url, name) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`download HTTP ${res.status}`);
  writeFileSync(join(outDir, name), Buffer.from(await res.arrayBuffer()));
};
const esrgan = (await replicate.models.get('nightmareai', 'real-esrgan')).latest_version.id;
await Promise.all([...Array(Number(count)).keys()].map(async (i) => {
  try {
    const generated = first(await replicate.run('black-forest-labs/flux-schnell', {
      input: { prompt: `pipeline ${i}`, num_outputs: 1, output_format: 'png' },
    }));
    await save(generated, `${i}.png`);
    const cutout = first(await replicate.run('bria/remove-background', { input: { image: generated } }));
    await save(cutout, `${i}-cutout.png`);
    const upscaled = first(await replicate.run(`nightmareai/real-esrgan:${esrgan}`, {
      input: { image: cutout, scale: 2, face_enhance: false },
    }));
    await save(upscaled, `${i}-upscaled.png`);
    ok++;
  } catch (e) {
    failed++;
    const key = String(e.message || e).slice(0, 80);
    errors[key] = (errors[key] || 0) + 1;
  }
}));
console.log(JSON.stringify({ ok, failed, wallMs: Number(process.hrtime.bigint() - started) / 1e6, errors }));
