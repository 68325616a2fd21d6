import { type DynamoCounters, readUnits, totalRequests, writeUnits } from './dynamo-meter.js';
import { fixed } from './table.js';

/** Operations with a column of their own; the others add up under "other". */
const tabulated: ReadonlySet<string> = new Set(['GetItem', 'PutItem', 'UpdateItem', 'Query']);

export const otherRequests = (requests: Readonly<Record<string, number>>): number =>
  Object.entries(requests).reduce((n, [operation, count]) => (tabulated.has(operation) ? n : n + count), 0);

/** The headers of `requestCells`. */
export const requestHeaders: readonly string[] = [
  'Get',
  'Put',
  'Update',
  'Query',
  'other',
  'req',
  'cond✗',
  'WCU',
  'RCU',
];

/** Get, Put, Update, Query, other, req, cond✗, WCU, RCU: the counters divided by `by` (events, steps, runs). */
export function requestCells(d: DynamoCounters, by: number): string[] {
  const per = (n: number | undefined) => fixed((n ?? 0) / by);
  return [
    per(d.requests.GetItem),
    per(d.requests.PutItem),
    per(d.requests.UpdateItem),
    per(d.requests.Query),
    per(otherRequests(d.requests)),
    per(totalRequests(d)),
    per(d.failedConditions),
    per(writeUnits(d)),
    per(readUnits(d)),
  ];
}
