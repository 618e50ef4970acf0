// Prints the gzip size of what each page loads (entry + the page's chunk + their static imports + CSS) and
// fails when the largest is over the budget (issue 10: < 150 KB gzip). Run after `npm run build`.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const outDir = resolve(process.env.STRATUS_WEB_OUT || '../../../target/classes/META-INF/resources');
const manifest = JSON.parse(readFileSync(resolve(outDir, '../../../web-manifest.json'), 'utf8'));
const BUDGET = 150 * 1024;

const gz = new Map();
function gzipBytes(file) {
    if (!gz.has(file)) {
        gz.set(file, gzipSync(readFileSync(resolve(outDir, file)), { level: 9 }).length);
    }
    return gz.get(file);
}

function closure(key, files = new Set()) {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) {
        return files;
    }
    files.add(chunk.file);
    (chunk.css || []).forEach((c) => files.add(c));
    (chunk.imports || []).forEach((k) => closure(k, files));
    return files;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const base = closure(entryKey);
const html = gzipSync(readFileSync(resolve(outDir, 'index.html')), { level: 9 }).length;
const rows = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry).map((k) => {
    const files = closure(k, new Set(base));
    const bytes = [...files].reduce((sum, f) => sum + gzipBytes(f), html);
    return { page: manifest[k].name || k, bytes, files: files.size };
});
rows.sort((a, b) => b.bytes - a.bytes);
const kb = (n) => (n / 1024).toFixed(1) + ' KB';
console.log('page bundle sizes (gzip -9, index.html + entry + page chunk + imports + CSS):');
for (const r of rows) {
    console.log(`  ${r.page.padEnd(12)} ${kb(r.bytes).padStart(9)}  (${r.files} files)`);
}
const largest = rows[0];
console.log(`largest page bundle: ${largest.page} ${kb(largest.bytes)} (budget ${kb(BUDGET)})`);
if (largest.bytes > BUDGET) {
    console.error('over budget');
    process.exit(1);
}
