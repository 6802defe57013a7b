// Shipped size of what a browser downloads for the SDK: raw, gzip -9 and
// brotli (quality 11), per file and in total.
//
//   node bench/size.mjs [--budget BYTES] [--json]
//
// With --budget, exits 1 when the gzip total is over it (for CI).
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Every file the browser entry (dist/appmixer.mjs) loads, wasm included. */
export const SHIPPED = [
  'pkg/appmixer_wasm_bg.wasm',
  // js/index.js, the glue, facade, error, transport and method list, bundled and minified.
  'dist/appmixer.mjs',
];

export function measureSizes(files = SHIPPED) {
  const rows = files.map((file) => {
    const bytes = readFileSync(root + file);
    return {
      file,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
          ...(file.endsWith('.wasm') ? {} : { [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT }),
        },
      }).length,
    };
  });
  const total = { file: 'total', raw: 0, gzip: 0, brotli: 0 };
  for (const r of rows) for (const k of ['raw', 'gzip', 'brotli']) total[k] += r[k];
  return { files: rows, total };
}

export function formatSizes({ files, total }) {
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const w = Math.max(...files.map((r) => r.file.length), 5);
  const line = (r) => `${r.file.padEnd(w)}  ${String(r.raw).padStart(7)} ${kb(r.raw).padStart(9)}  ${String(r.gzip).padStart(7)} ${kb(r.gzip).padStart(9)}  ${String(r.brotli).padStart(7)} ${kb(r.brotli).padStart(9)}`;
  return [
    `${'file'.padEnd(w)}  ${'raw'.padStart(17)}  ${'gzip -9'.padStart(17)}  ${'brotli 11'.padStart(17)}`,
    ...files.map(line),
    '-'.repeat(w + 59),
    line(total),
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  let budget;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--budget' || a.startsWith('--budget=')) {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : args[++i];
      budget = Number(v);
      if (!Number.isInteger(budget) || budget <= 0) {
        console.error(`size: --budget needs a positive whole number of bytes, got '${v}'`);
        process.exit(2);
      }
    } else if (a !== '--json') {
      console.error(`size: unknown argument '${a}' (usage: node bench/size.mjs [--budget BYTES] [--json])`);
      process.exit(2);
    }
  }
  let sizes;
  try {
    sizes = measureSizes();
  } catch (err) {
    console.error(`size: ${err.message} (run \`npm run build\` first)`);
    process.exit(2);
  }
  if (args.includes('--json')) console.log(JSON.stringify(sizes, null, 2));
  else console.log(formatSizes(sizes));
  if (budget !== undefined) {
    const over = sizes.total.gzip > budget;
    // With --json, stdout stays pure JSON.
    (args.includes('--json') ? console.error : console.log)(
      `gzip total ${sizes.total.gzip} B ${over ? '>' : '<='} budget ${budget} B: ${over ? 'OVER BUDGET' : 'ok'}`,
    );
    if (over) process.exit(1);
  }
}
