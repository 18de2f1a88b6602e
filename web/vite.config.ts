import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// The dashboard is served by `carbonpeak serve` from web/dist next to the API under /api/v1.
// During development, `npx vite` proxies the API to a local server (CARBONPEAK_URL).
export default defineConfig({
  plugins: [vue()],
  build: {
    outDir: 'dist',
    chunkSizeWarningLimit: 900,
  },
  server: {
    proxy: { '/api': process.env.CARBONPEAK_URL ?? 'http://127.0.0.1:8080' },
    // src/refnames.ts reads the shipped reference tables in ../data
    fs: { allow: ['..'] },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
})
