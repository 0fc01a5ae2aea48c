#!/usr/bin/env node
// The `seatmap` command. The Node side is TypeScript run through tsx (Node 20 cannot run .ts itself),
// so there is no separate build step for the CLI and the fleet service.
import { register } from 'tsx/esm/api';

register();
await import('../service/cli/main.ts');
