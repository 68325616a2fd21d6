import { fileURLToPath } from 'node:url';

/** The repository root: handler entries in the routing table and the lock file are relative to it. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
