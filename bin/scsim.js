#!/usr/bin/env node
// The scsim command: registers the TypeScript loader (tsx), then runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../cli/main.ts');
