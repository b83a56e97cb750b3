#!/usr/bin/env node
// The espkit CLI runs its TypeScript sources through tsx's loader, so there is no build step to forget.
import { register } from 'tsx/esm/api';
register();
await import('../host/cli.ts');
