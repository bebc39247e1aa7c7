import { defineConfig } from 'vitest/config';

// Unit tests only: the browser journeys in e2e/*.test.mjs run under node's test runner (npm run test:e2e).
export default defineConfig({
  test: { include: ['src/**/*.test.{ts,tsx}'] },
});
