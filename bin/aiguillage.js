#!/usr/bin/env node
// Runs the compiled CLI (built by `npm run build`, which `npm install` runs through `prepare`).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    console.error('aiguillage is not built yet: run `npm install` (or `npm run build`) first.');
    process.exit(2);
  }
  throw error;
});
