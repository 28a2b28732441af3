import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // React and i18next change rarely: their own chunk keeps the app's start chunk small and cacheable.
    rollupOptions: { output: { manualChunks: (id: string) => (id.includes('node_modules') ? 'vendor' : undefined) } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
