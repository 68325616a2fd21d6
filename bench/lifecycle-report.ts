import { readUnits, totalRequests, writeUnits } from './dynamo-meter.js';
import type { LifecycleOptions, LifecycleResult, ReadFigures } from './lifecycle.js';
import { fixed, integer, ratio, type TableRow } from './table.js';

/** The bench's lifecycle block: the inactivity sweep's reads for one day against a full Scan of the same table. */

const itemsRead = (r: ReadFigures) => r.indexItems + r.tableItems;

export function lifecycleRows(result: LifecycleResult): TableRow[] {
  const { sweep, scan } = result;
  const row = (label: string, r: ReadFigures, published: string): TableRow => {
    const n = (operation: string) => integer(r.dynamo.requests[operation] ?? 0);
    return {
      kind: 'row',
      cells: [
        label,
        n('GetItem'),
        n('Query'),
        n('BatchGetItem'),
        n('Scan'),
        n('UpdateItem'),
        integer(totalRequests(r.dynamo)),
        integer(r.indexItems),
        integer(r.tableItems),
        integer(itemsRead(r)),
        fixed(readUnits(r.dynamo), 1),
        fixed(writeUnits(r.dynamo), 1),
        published,
        integer(r.wallMs),
      ],
    };
  };
  const per = result.crossing || 1;
  return [
    {
      kind: 'section',
      title:
        `Lifecycle: the inactivity sweep of one day, ${integer(result.customers)} profiles, ` +
        `${integer(result.crossing)} crossing, against a full Scan`,
    },
    {
      kind: 'header',
      cells: [
        'read by',
        'Get',
        'Query',
        'BatchGet',
        'Scan',
        'Update',
        'req',
        'keys',
        'items',
        'read',
        'RCU',
        'WCU',
        'events',
        'ms',
      ],
    },
    row('inactivity sweep, one day', sweep, integer(result.published)),
    row('full Scan', scan, '–'),
    {
      kind: 'row',
      cells: [
        'full Scan ÷ sweep',
        '',
        '',
        '',
        '',
        '',
        ratio(totalRequests(scan.dynamo) / totalRequests(sweep.dynamo)),
        '',
        '',
        ratio(itemsRead(scan) / itemsRead(sweep)),
        ratio(readUnits(scan.dynamo) / readUnits(sweep.dynamo)),
        '',
        '',
        '',
      ],
    },
    {
      kind: 'row',
      cells: [
        'sweep per crossing',
        '',
        '',
        '',
        '',
        '',
        fixed(totalRequests(sweep.dynamo) / per),
        fixed(sweep.indexItems / per),
        fixed(sweep.tableItems / per),
        fixed(itemsRead(sweep) / per),
        fixed(readUnits(sweep.dynamo) / per),
        '',
        fixed(result.published / per),
        '',
      ],
    },
  ];
}

export function lifecycleNotes(result: LifecycleResult, options: LifecycleOptions): string[] {
  const thresholds = result.thresholds.map((t) => `${t.basis} ${t.days}`).join(', ');
  return [
    `Lifecycle: ${integer(result.customers)} profiles shaped as the profile writer writes them (a registered ` +
      `customer with two orders; ${integer(result.ordered)} ever ordered; ${integer(result.profileBytes)} bytes ` +
      `on average), loaded with BatchWriteItem (25 a request, ${options.loadConcurrency} in flight) in ` +
      `${fixed(result.loadMs / 1000, 1)} s into dynalite on a thread of its own. ${integer(result.crossing)} ` +
      `customers (${fixed(100 * options.crossingShare, 1)}%) cross one of the default thresholds (${thresholds}) ` +
      `on ${result.sweptDay}, as many for each; nobody else was last active or last ordered on a crossing day. The ` +
      'real sweep (DynamoInactivityStore, EventBridgePublisher to the local PutEvents endpoint) runs at 00:15 the ' +
      'day after: the progress item (GetItem, consistent), one keys-only Query per threshold, BatchGetItem of those ' +
      'profiles by 100 (re-checked), the progress written (UpdateItem). keys: index entries the Queries returned; ' +
      'items: table items returned; read = keys + items; events: Customer Became Inactive put on the bus.',
    'RCU as DynamoDB bills reads (dynalite reports them by its rules): a Query sums the keys it returns and rounds ' +
      'up to 4 KB per response; BatchGetItem rounds each item up to 4 KB on its own, whatever the projection; ' +
      'eventually consistent reads are halves. The full Scan (1 MB pages, the projection a scanning sweep would ' +
      'keep) is billed on every item it reads, at 4 KB per page’s summed size, halved: so its RCU ratio is smaller ' +
      'than its items ratio, while the sweep pays 0.5 RCU per crossing for the profile it reads.',
    `Lifecycle phase: ${fixed(result.phaseMs / 1000, 1)} s in all (load ${fixed(result.loadMs / 1000, 1)} s, ` +
      `sweep ${fixed(result.sweep.wallMs / 1000, 2)} s, Scan ${fixed(result.scan.wallMs / 1000, 1)} s).`,
    ...(result.published === result.crossing
      ? []
      : [`warning: the sweep published ${result.published} events for ${result.crossing} crossings`]),
  ];
}
