import { requestCells, requestHeaders } from './cells.js';
import { readUnits, totalRequests, writeUnits } from './dynamo-meter.js';
import { type MessagingResult, type RenderFigure, sesDefaultRate } from './messaging.js';
import { fixed, integer, ratio, type TableRow } from './table.js';
import { prices } from './workflow-cost.js';

/** The bench's messaging blocks: render throughput per template, one email send's cost, and the SES quota. */

// SES outbound email: $0.10 per 1,000 messages. https://aws.amazon.com/ses/pricing/
const sesPricePerMessage = 0.1 / 1000;
/** The time one message has at the quota: 1/14 s, in µs. */
const quotaMicros = 1e6 / sesDefaultRate;

const perRender = (f: RenderFigure) => f.cpuMicros / f.renders;
const share = (micros: number) => `${fixed((100 * micros) / quotaMicros, 1)}%`;

/** What the table and the messenger must absorb at the quota, and what DynamoDB costs next to SES, per email. */
export function atQuota(result: MessagingResult) {
  const { send } = result;
  const n = Math.max(1, send.sent);
  const wcu = writeUnits(send.dynamo) / n;
  const rcu = readUnits(send.dynamo) / n;
  const dynamoPerEmail = wcu * prices.dynamoWriteUnit + rcu * prices.dynamoReadUnit;
  return {
    requestsPerSecond: (totalRequests(send.dynamo) / n) * sesDefaultRate,
    writeUnitsPerSecond: wcu * sesDefaultRate,
    readUnitsPerSecond: rcu * sesDefaultRate,
    cpuMicrosPerSend: send.cpuMicros / n,
    dynamoPer1000: dynamoPerEmail * 1000,
    sesPer1000: sesPricePerMessage * 1000,
  };
}

export function messagingRows(result: MessagingResult): TableRow[] {
  const baseline = result.renders.find((f) => f.channel === 'baseline');
  const base = baseline ? perRender(baseline) : Number.NaN;
  const { send } = result;
  const n = Math.max(1, send.sent);
  const quota = atQuota(result);
  const source = `D${send.dynamo.failedConditions ? '+c' : ''}${send.dynamo.emptyQueries ? '+q' : ''}`;
  return [
    {
      kind: 'section',
      title: `Messaging: renderMessage per shipped template, as the messenger renders it; en: an en-GB customer, ar: ar-SA`,
    },
    {
      kind: 'header',
      cells: ['template file', 'channel', 'renders', 'msg/s', 'CPU µs', '×base', 'bytes', 'of 1/14 s'],
    },
    ...result.renders.map(
      (f): TableRow => ({
        kind: 'row',
        cells: [
          f.file,
          f.channel,
          integer(f.renders),
          integer(f.renders / (f.wallMs / 1000)),
          integer(perRender(f)),
          f === baseline ? '1.0×' : ratio(perRender(f) / base),
          integer(f.bytes),
          share(perRender(f)),
        ],
      }),
    ),
    {
      kind: 'section',
      title: `Messaging: one email send (${send.template}) through the messenger → dynalite + aws-ses-v2-local; per send`,
    },
    { kind: 'header', cells: ['send', 'sent', 'sends/s', ...requestHeaders, 'src', 'CPU µs', 'of 1/14 s'] },
    {
      kind: 'row',
      cells: [
        'consent … claim, SES, sent',
        integer(send.sent),
        integer(send.sent / (send.wallMs / 1000)),
        ...requestCells(send.dynamo, n),
        source,
        integer(quota.cpuMicrosPerSend),
        share(quota.cpuMicrosPerSend),
      ],
    },
    {
      kind: 'section',
      title: `At SES's default quota, ${sesDefaultRate} emails/s: what the table and the functions absorb`,
    },
    {
      kind: 'header',
      cells: ['at the quota', 'req/s', 'WCU/s', 'RCU/s', 'CPU ms/s', 'DynamoDB $/1k', 'SES $/1k', 'DynamoDB÷SES'],
    },
    {
      kind: 'row',
      cells: [
        `${sesDefaultRate} emails/s`,
        fixed(quota.requestsPerSecond, 1),
        fixed(quota.writeUnitsPerSecond, 1),
        fixed(quota.readUnitsPerSecond, 1),
        fixed((quota.cpuMicrosPerSend * sesDefaultRate) / 1000, 0),
        fixed(quota.dynamoPer1000, 4),
        fixed(quota.sesPer1000, 2),
        `${fixed((100 * quota.dynamoPer1000) / quota.sesPer1000, 1)}%`,
      ],
    },
  ];
}

export function messagingNotes(result: MessagingResult, options: { renderMs: number; warmUpSends: number }): string[] {
  const { send } = result;
  return [
    `Messaging renders: each shipped en/ar email (.mjml) and SMS (.sms.txt) file rendered by renderMessage (Liquid, ` +
      `MJML, the text part; the same variables builder as a send: the examples' cart, 1,250 points, gold, a 15% ` +
      `coupon) one after another for ${options.renderMs} ms after a warm-up; msg/s = renders ÷ wall time; CPU µs = ` +
      'process.cpuUsage() per render (the process does nothing else then); ×base: ÷ JSON.stringify of the same ' +
      'variables, measured the same way; bytes: the HTML (email) or text (SMS) of one render; of 1/14 s: the ' +
      "render's CPU as a share of the time one message has at SES's default quota (71.4 ms).",
    `Messaging send: ${integer(send.sent)} customers (after ${options.warmUpSends} warm-up), each registered through ` +
      'tracking (profile, consent, cart) and sent the abandoned-cart email once through createMessenger, as the ' +
      'workflow function sends it: the profile, the send policy’s reads and conditional writes (workflow cap, ' +
      'suppression, frequency caps, the send rate), cart, loyalty, the claim of the message record, SES SendEmail, ' +
      'the record marked sent. Distinct customers, so no cap skips; step times 1/14 s apart, so a send-rate limit ' +
      "at the quota holds none. Requests and capacity: the messenger's " +
      'own DynamoDB client (src as above); CPU µs: the whole process (messenger, SDK clients, dynalite, the SES ' +
      'emulator), an upper bound of the function’s own.',
    `At the quota: the send row × ${sesDefaultRate}. CPU ms/s: CPU per send × ${sesDefaultRate} (1,000 = one core ` +
      'busy); DynamoDB $/1k: the WCU and RCU of 1,000 sends at on-demand prices (us-east-1, as above); SES $/1k: ' +
      '$0.10 per 1,000 emails (https://aws.amazon.com/ses/pricing/). Lambda time is not included.',
    ...result.failures.map((f) => `warning: messaging send not sent: ${f}`),
  ];
}
