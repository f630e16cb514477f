// `npm install` builds dist/ (the CLI and the server run from it). A production install
// (`npm ci --omit=dev`) has no TypeScript: it keeps the dist/ it was given (the Docker build stage makes it)
// and says so, instead of failing.
import { execSync } from 'node:child_process';
import { createRequire } from 'node:module';

try {
  createRequire(import.meta.url).resolve('typescript');
} catch {
  console.log('prepare: TypeScript is not installed (a production install): dist/ is not rebuilt');
  process.exit(0);
}
execSync('npm run build', { stdio: 'inherit' });
