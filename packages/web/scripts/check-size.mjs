// Measures what a first visit downloads before the app can render: the JS and CSS that
// dist/index.html loads (entry script, modulepreloads, stylesheets) plus the largest locale
// chunk (one is fetched before the first render). Fails when the gzip total is over budget.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const BUDGET_BYTES = 100 * 1024;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const html = readFileSync(join(dist, 'index.html'), 'utf8');

const initial = new Set();
for (const match of html.matchAll(/<(?:script|link)\b[^>]*(?:src|href)="([^"]+\.(?:js|css))"/g)) {
  initial.add((match[1] ?? '').replace(/^\.?\//, ''));
}
const gzipSize = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const brotliSize = (file) =>
  brotliCompressSync(readFileSync(join(dist, file.replace(/ \(.*\)$/, ''))), {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).length;

const rows = [...initial].map((file) => [file, gzipSize(file)]);
const locales = readdirSync(join(dist, 'assets'))
  .filter((file) => /^(en|fa|ar|ru|zh|tr|ur|hi|pt-BR|id|uz|kk)-[\w-]+\.js$/.test(file))
  .map((file) => [`assets/${file}`, gzipSize(`assets/${file}`)])
  .sort((a, b) => b[1] - a[1]);
if (locales[0]) rows.push([`${locales[0][0]} (largest locale)`, locales[0][1]]);

const total = rows.reduce((sum, [, size]) => sum + size, 0);
const brotli = rows.reduce((sum, [file]) => sum + brotliSize(file), 0);
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
for (const [file, size] of rows) console.log(`${kb(size).padStart(9)}  ${file}`);
console.log(
  `${kb(total).padStart(9)}  initial JS + CSS, gzip (budget ${kb(BUDGET_BYTES)}); brotli ${kb(brotli)}`,
);
// Strings kept in the lazily loaded part of a locale must not be needed before it is loaded:
// an initial chunk that names one would show the key instead of the sentence.
const later = Object.keys(
  JSON.parse(readFileSync(join(dist, '..', 'src', 'i18n', 'locales', 'panels', 'en.json'), 'utf8')),
);
const misplaced = [...initial]
  .filter((file) => file.endsWith('.js'))
  .flatMap((file) => {
    const code = readFileSync(join(dist, file), 'utf8');
    return later
      .filter((key) => ['"', "'", '`'].some((quote) => code.includes(`${quote}${key}${quote}`)))
      .map((key) => `${key} (${file})`);
  });
if (misplaced.length > 0) {
  console.error(`strings of locales/panels used by the initial download: ${misplaced.join(', ')}`);
  process.exit(1);
}
if (total > BUDGET_BYTES) {
  console.error(`over budget by ${kb(total - BUDGET_BYTES)}`);
  process.exit(1);
}
