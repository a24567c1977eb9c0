#!/usr/bin/env node
// The operator's command line. It runs the TypeScript sources directly, as the server does.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
