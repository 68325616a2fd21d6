import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * A document client; `endpoint` points it at the local DynamoDB.
 *
 * Writes keep the marshaller's refusal of numbers beyond 2^53 (a ledger or a total that lost precision must fail
 * loudly, not be stored rounded); the event schemas bound what an event can carry, so valid events never meet it.
 * Reads take every stored number as a JavaScript number: by default one beyond 2^53, which DynamoDB's own `ADD`
 * can make of sums, would come back as a BigInt (that JSON.stringify refuses) or throw, making the item unreadable.
 */
export function createDocumentClient(endpoint?: string): DynamoDBDocumentClient {
  const local = endpoint
    ? { endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
    : {};
  const client = new DynamoDBClient({ ...local, maxAttempts: 5 });
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: (value: string) => Number(value) },
  });
}
