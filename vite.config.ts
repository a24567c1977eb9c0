import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The browser app: sources in src/web, built into dist/web where the server serves it from.
 * In development the API is proxied to a server started on its default port.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // The libraries change far less often than the app: their own files stay cached
        // across releases of Mailroom.
        codeSplitting: {
          groups: [
            {
              name: 'react-aria',
              test: /node_modules[\\/](react-aria|react-stately|@react-|@internationalized)/,
            },
            { name: 'libraries', test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
