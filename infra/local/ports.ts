/** Default ports of DESIGN.md; each can be overridden (0 = any free port, as tests do). */
export const defaultPorts = {
  admin: 3000,
  eventBridge: 4010,
  dynamodb: 8000,
  ses: 8005,
  sms: 4020,
  whatsapp: 4030,
} as const;
export type Ports = Record<keyof typeof defaultPorts, number>;
const portNames = ['admin', 'eventBridge', 'dynamodb', 'ses', 'sms', 'whatsapp'] as const satisfies (keyof Ports)[];

/** The environment variable that moves each port: `npm start` and every `rekindle` command read the same ones. */
export const portVariables: Readonly<Record<keyof Ports, string>> = {
  admin: 'REKINDLE_ADMIN_PORT',
  eventBridge: 'REKINDLE_EVENTBRIDGE_PORT',
  dynamodb: 'REKINDLE_DYNAMODB_PORT',
  ses: 'REKINDLE_SES_PORT',
  sms: 'REKINDLE_SMS_PORT',
  whatsapp: 'REKINDLE_WHATSAPP_PORT',
};

/** The ports from `REKINDLE_*_PORT`, else the defaults; a value that is not a port throws, naming the variable. */
export function portsFromEnv(env: NodeJS.ProcessEnv): Ports {
  const port = (name: keyof Ports): number => {
    const variable = portVariables[name];
    const raw = env[variable];
    if (raw === undefined || raw === '') return defaultPorts[name];
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${variable} must be a port number, got '${raw}'`);
    return n;
  };
  return {
    admin: port('admin'),
    eventBridge: port('eventBridge'),
    dynamodb: port('dynamodb'),
    ses: port('ses'),
    sms: port('sms'),
    whatsapp: port('whatsapp'),
  };
}

/** The usage line naming the variables and their defaults. */
export const portsUsage = portNames.map((name) => `${portVariables[name]}=${defaultPorts[name]}`).join(' ');
