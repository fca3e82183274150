// Checks a Grafana dashboard JSON file against Grafana's own schema: @grafana/schema publishes the dashboard and panel
// schemas (CUE in Grafana's repository) as generated TypeScript types, not as JSON Schema, so the JSON is pasted into a
// TypeScript file as object literals and compiled with `satisfies`: the dashboard against `Dashboard`, each panel's
// options and custom field config against its panel plugin's `Options`/`FieldConfig`. Object literals get TypeScript's
// excess-property check, so a misspelled or unknown key fails as well as a wrong type or a missing required field.
// JSON cannot name a TypeScript enum member, so every string enum is read as the union of its values (Json<T>).
//
// Usage: node check-dashboard.mjs DASHBOARD.json — prints the errors and exits 1, or prints "ok" and exits 0.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const here = dirname(fileURLToPath(import.meta.url));
const file = process.argv[2];
if (!file) {
  console.error('usage: node check-dashboard.mjs DASHBOARD.json');
  process.exit(2);
}
const dashboard = JSON.parse(readFileSync(file, 'utf8'));

// The panel plugins the dashboard may use, with their generated option types.
const plugins = {
  timeseries: 'TimeSeriesPanelCfg',
  bargauge: 'BarGaugePanelCfg',
  stat: 'StatPanelCfg',
};
const lines = [
  "import type { Dashboard } from '@grafana/schema';",
  ...Object.entries(plugins).map(([type, cfg]) =>
    `import type * as ${type} from '@grafana/schema/dist/esm/raw/composable/${type}/panelcfg/x/${cfg}_types.gen';`),
  'type Json<T> = T extends string ? `${T}` : T extends number | boolean | null | undefined ? T',
  '  : T extends Array<infer U> ? Array<Json<U>> : T extends object ? { [K in keyof T]: Json<T[K]> } : T;',
  `export const dashboard = ${JSON.stringify(dashboard, null, 2)} satisfies Json<Dashboard>;`,
];
const panels = (dashboard.panels ?? []).flatMap(p => p.type === 'row' ? (p.panels ?? []) : [p]);
panels.forEach((p, i) => {
  if (p.type === 'row') {
    return;
  }
  if (!plugins[p.type]) {
    lines.push(`export const unknownPanelType${i}: never = ${JSON.stringify(p.type)}; // panel "${p.title}"`);
    return;
  }
  lines.push(`// panel "${p.title}"`);
  lines.push(`export const options${i} = ${JSON.stringify(p.options ?? {})} satisfies Json<${p.type}.Options>;`);
  if (p.type === 'timeseries') {
    lines.push(`export const custom${i} = ${JSON.stringify(p.fieldConfig?.defaults?.custom ?? {})}`
      + ' satisfies Json<timeseries.FieldConfig>;');
  }
});

// Written inside node_modules (ignored by git), so the packages resolve by their "exports" as for any consumer.
const dir = mkdtempSync(join(here, 'node_modules', '.check-'));
try {
  const source = join(dir, 'dashboard.ts');
  writeFileSync(source, lines.join('\n') + '\n');
  const program = ts.createProgram([source], {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [],
  });
  const errors = ts.getPreEmitDiagnostics(program);
  if (errors.length > 0) {
    console.log(ts.formatDiagnostics(errors, {
      getCanonicalFileName: f => f, getCurrentDirectory: () => dir, getNewLine: () => '\n',
    }));
    process.exitCode = 1;
  } else {
    console.log(`ok: ${file} satisfies @grafana/schema's Dashboard (${panels.length} panels)`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
