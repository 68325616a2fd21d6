import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { tableMarkerTag } from '../../shared/platform/dynamodb/table-marker.js';
import { tableDefinition } from '../../shared/platform/table.js';

/** The single table from `shared/platform/table.ts`: on demand, PITR, encrypted with the PII key, never deleted by CloudFormation. */
export function createTable(scope: Construct, id: string, key: IKey): Table {
  const table = new Table(scope, id, {
    partitionKey: { name: tableDefinition.partitionKey, type: AttributeType.STRING },
    sortKey: { name: tableDefinition.sortKey, type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of tableDefinition.localIndexes) {
    table.addLocalSecondaryIndex({
      indexName: index.name,
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }
  // Sparse: only items that carry the index's partition key attribute appear in it. Keys only: the sweeps read the
  // keys and then the item itself, so every index write costs by the size of the keys, not of the item (as locally).
  for (const index of tableDefinition.globalIndexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
      sortKey: { name: index.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.KEYS_ONLY,
    });
  }
  // Marks it as a Rekindle table from its creation: `rekindle purge` refuses to write to a table without the mark.
  Tags.of(table).add(tableMarkerTag.key, tableMarkerTag.value);
  return table;
}
