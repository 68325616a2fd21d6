import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inactiveCommand } from './inactive.js';
import { type CliIo, processIo } from './io.js';
import { listCommand } from './list.js';
import { purgeCommand } from './purge.js';
import { renderCommand } from './render.js';
import { sendTestCommand } from './send-test.js';
import { simulateCommand } from './simulate.js';
import { CliUsageError } from './table.js';
import { validateCommand } from './validate.js';

/**
 * `rekindle <command>`: the command line of Rekindle (`npx rekindle --help`, or `npm run rekindle -- --help`).
 * Each command is a function of its arguments that returns the exit code.
 */

interface Command {
  readonly summary: string;
  readonly run: (args: readonly string[], io: CliIo) => number | Promise<number>;
}

const commands: Readonly<Record<string, Command>> = {
  validate: { summary: 'check workflow files (default: workflows/*.workflow.json)', run: validateCommand },
  simulate: { summary: 'replay recorded events through a workflow on a virtual clock', run: simulateCommand },
  list: { summary: 'deployed workflows, their versions and how they do', run: listCommand },
  render: { summary: 'preview a template for one customer, as a send would render it', run: renderCommand },
  'send-test': {
    summary: 'send a template, rendered for one customer, to your own inbox, marked as a test',
    run: sendTestCommand,
  },
  inactive: {
    summary: 'customers silent for N days or more, with what to decide on (CSV or JSON)',
    run: inactiveCommand,
  },
  purge: { summary: 'erase the customers of a reviewed list (--dry-run first, then --approve)', run: purgeCommand },
};

const usage = `Usage: rekindle <command> [options]

Commands:
${Object.entries(commands)
  .map(([name, command]) => `  ${name.padEnd(10)} ${command.summary}`)
  .join('\n')}

Run \`rekindle <command> --help\` for a command's options.`;

/** Runs the command named by `argv[0]`; returns the exit code (2 for usage errors). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    io.err(usage);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    io.out(usage);
    return 0;
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command) {
    io.err(`rekindle: unknown command "${name}"\n\n${usage}`);
    return 2;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      io.err(`rekindle ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof CliUsageError) {
      io.err(`rekindle ${name}: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
