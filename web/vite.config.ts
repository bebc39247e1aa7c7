import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `npm run dev` proxies the API to a service on :3000 (`npm start` in the repository root).
export default defineConfig({
  plugins: [react()],
  server: { proxy: { '/api': process.env.API_ORIGIN ?? 'http://localhost:3000' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The size budget (scripts/size-budget.mjs) reads this to know which chunks the first screen loads.
    manifest: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        // A long-lived vendor chunk: the framework rarely changes, the pages often do.
        codeSplitting: { groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/ }] },
      },
    },
  },
});
