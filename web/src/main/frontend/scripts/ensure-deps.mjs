// Runs `npm ci` only when node_modules is missing or was installed from another package-lock.json, so that
// `./mvnw -DskipTests package` stays fast on a machine that already has the dependencies.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const stamp = 'node_modules/.stratus-lock-sha256';
const want = createHash('sha256').update(readFileSync('package-lock.json')).digest('hex');
if (existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === want) {
    console.log('node_modules matches package-lock.json: npm ci skipped');
} else {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit', shell: process.platform === 'win32' });
    writeFileSync(stamp, want + '\n');
}
