import { defineConfig } from 'vite';

// The build lands where Maven packs it: Quarkus serves META-INF/resources at '/'.
export default defineConfig({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    build: {
        outDir: process.env.STRATUS_WEB_OUT || '../../../target/classes/META-INF/resources',
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
