import { createServer } from 'node:http';
import { closeServer, listen } from '../../infra/local/listen.js';

/**
 * Secrets Manager's `GetSecretValue` (JSON 1.1 over HTTP) for the real SDK client, holding the given secrets by
 * ARN; anything else is refused as AWS would. Point the SDK at it with AWS_ENDPOINT_URL_SECRETS_MANAGER.
 */
export async function startSecretsServer(secrets: Readonly<Record<string, string>>) {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const reply = (status: number, body: object) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(body));
      };
      const { SecretId } = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { SecretId?: string };
      if (req.headers['x-amz-target'] !== 'secretsmanager.GetSecretValue') {
        return reply(400, { __type: 'InvalidRequestException', message: 'only GetSecretValue is served here' });
      }
      const value = SecretId === undefined ? undefined : secrets[SecretId];
      if (value === undefined) {
        return reply(400, { __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the secret." });
      }
      return reply(200, { ARN: SecretId, Name: 'unsubscribe', SecretString: value, VersionId: 'v1' });
    });
  });
  const port = await listen(server, 0);
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}
