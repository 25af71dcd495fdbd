#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm run build` (run by `npm ci` through `prepare`).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('/dist/')) {
    console.error('en-indgang: the build is missing. Run `npm ci` (or `npm run build`) first.');
  } else {
    console.error(error);
  }
  process.exit(1);
});
