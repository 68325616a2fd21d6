import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { closeServer } from './listen.js';

export interface LocalSes {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

// aws-ses-v2-local is CommonJS with an `exports.default`: load it the CommonJS way so `default` is the function.
const require = createRequire(import.meta.url);
type StartSesServer = (config?: { host?: string; port?: number }) => Promise<Server>;
const startSesServer: StartSesServer = require('aws-ses-v2-local').default;

/** The SES v2 API (aws-ses-v2-local): sent mail at `/store` and on its web page. */
export async function startSes(options: { port: number }): Promise<LocalSes> {
  const server: Server = await startSesServer({ host: '127.0.0.1', port: options.port });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return { url: `http://127.0.0.1:${port}`, port, close: () => closeServer(server) };
}
