import { parseArgs } from 'node:util';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { portsFromEnv } from '../local/ports.js';
import type { CliIo } from './io.js';
import { renderFor } from './render.js';
import { tableOptions } from './table.js';

export const sendTestUsage = `Usage: rekindle send-test <template> --to ADDRESS --customer <id|file.json> [options]

Renders a template for one customer exactly as rekindle render does, and sends it as an email to ADDRESS, marked as a
test: the subject starts with [TEST], the message is tagged rekindle-test=true, and it is not recorded among the
customer's messages (nothing counts it: no cap, no stats, no report). Locally it goes to the engine's SES inbox
(http://127.0.0.1:$REKINDLE_SES_PORT/store, 8005 unless set); with --aws, through SES with the usual credentials.

  --to ADDRESS        where to send it (your own inbox)
  --customer ID|FILE  the customer to render for, as for rekindle render (a customer file, or an id in the table)
  --locale TAG        render for this locale instead of the customer's (e.g. ar, fa)
  --from ADDRESS      the sender (default: EMAIL_FROM, else test@rekindle.local; on SES a verified identity)
  --ses URL           SES v2 endpoint (default: the local engine's)
  --templates DIR     template folders (default: workflows/templates)
  --currency CODE     the shop's currency (default: SHOP_CURRENCY, else EUR)
  --table, --endpoint, --admin, --aws, --at: as for rekindle render
  -h, --help          show this help

Exit code: 0 when SES accepted it, 1 when the template, the customer or the send is at fault, 2 on a usage error.`;

export async function sendTestCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      to: { type: 'string' },
      customer: { type: 'string' },
      locale: { type: 'string' },
      from: { type: 'string' },
      ses: { type: 'string' },
      templates: { type: 'string', default: 'workflows/templates' },
      currency: { type: 'string' },
      ...tableOptions,
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    io.out(sendTestUsage);
    return 0;
  }
  const usage = (message: string) => {
    io.err(`rekindle send-test: ${message}\n\n${sendTestUsage}`);
    return 2;
  };
  const [template, ...extra] = positionals;
  const { customer, to } = values;
  if (template === undefined || extra.length > 0 || customer === undefined || to === undefined) {
    return usage('give one template name, --to ADDRESS and --customer ID|FILE');
  }
  if (!/^[^\s@]+@[^\s@]+$/.test(to)) return usage(`--to must be an email address, not "${to}"`);
  const currency = values.currency ?? process.env.SHOP_CURRENCY ?? 'EUR';
  const rendered = await renderFor(
    template,
    { ...values, customer, channel: 'email', offer: null, currency },
    io,
    'send-test',
  );
  if (rendered === null) return 1;
  if (rendered.channel !== 'email') return 1;
  const ses = new SESv2Client(
    values.aws
      ? {}
      : {
          endpoint: values.ses ?? `http://127.0.0.1:${portsFromEnv(process.env).ses}`,
          region: 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        },
  );
  try {
    const sent = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: values.from ?? process.env.EMAIL_FROM ?? 'test@rekindle.local',
        Destination: { ToAddresses: [to] },
        Content: {
          Simple: {
            Subject: { Data: `[TEST] ${rendered.subject}`, Charset: 'UTF-8' },
            Body: { Html: { Data: rendered.html, Charset: 'UTF-8' }, Text: { Data: rendered.text, Charset: 'UTF-8' } },
          },
        },
        EmailTags: [
          { Name: 'rekindle-test', Value: 'true' },
          { Name: 'template', Value: template.replace(/[^A-Za-z0-9_-]/g, '_') },
        ],
      }),
    );
    io.out(
      `${rendered.file} (locale ${rendered.locale}) sent to ${to} as a test: SES message ${sent.MessageId ?? '?'}`,
    );
    return 0;
  } catch (error) {
    io.err(`rekindle send-test: SES refused it: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    ses.destroy();
  }
}
