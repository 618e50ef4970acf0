import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { defineConfig } from 'vite';

const outDir = resolve(process.env.STRATUS_WEB_OUT || '../../../target/classes/META-INF/resources');
const manifestOut = resolve(outDir, '../../../web-manifest.json');

// The manifest feeds scripts/bundle-size.mjs; moved out of the served folder so the jar does not publish it.
const moveManifest = {
    name: 'stratus-move-manifest',
    closeBundle() {
        mkdirSync(dirname(manifestOut), { recursive: true });
        renameSync(resolve(outDir, '.vite/manifest.json'), manifestOut);
        rmSync(resolve(outDir, '.vite'), { recursive: true, force: true });
    },
};

// The build lands where Maven packs it: Quarkus serves META-INF/resources at '/'.
export default defineConfig({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    plugins: [moveManifest],
    build: {
        outDir,
        emptyOutDir: true,
        manifest: true,
        target: 'es2022',
        reportCompressedSize: false,
    },
    test: {
        environment: 'node',
        include: ['test/**/*.test.{js,jsx}'],
    },
});
