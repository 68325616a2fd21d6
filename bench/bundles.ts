import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { bundleExternals } from '../infra/aws/bundling.js';
import { eventFunctions } from '../shared/platform/routing.js';

const run = promisify(execFile);

export const emptyName = 'empty';

export interface BundleResult {
  readonly name: string;
  /** Handler file relative to the repository root (a temp file for the empty handler). */
  readonly entry: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  /** `await import(bundle)` in a fresh `node` process, one sample per process. */
  readonly initMs: readonly number[];
  readonly medianInitMs: number;
  /** Workflow files left out of the `workflows/` folder beside the bundle (see `copyWorkflowsFolder`). */
  readonly workflowFilesLeftOut: number;
}

interface Entry {
  readonly name: string;
  readonly entry: string;
  readonly path: string;
  /** Deployed with `workflows/` beside the bundle, which it reads at its cold start. */
  readonly workflowFiles: boolean;
}

/** The functions to bundle: every routed function, the admin API handler if present, and an empty handler. */
export function bundleEntries(repoRoot: string, tempDir: string): Entry[] {
  const entries: Entry[] = Object.entries(eventFunctions).map(([name, fn]) => ({
    name,
    entry: fn.entry,
    path: join(repoRoot, fn.entry),
    workflowFiles: fn.workflowFiles,
  }));
  const admin = 'functions/admin/handler.ts';
  if (existsSync(join(repoRoot, admin))) {
    entries.push({ name: 'admin', entry: admin, path: join(repoRoot, admin), workflowFiles: false });
  }
  const empty = join(tempDir, 'empty-handler.ts');
  writeFileSync(empty, 'export const handler = async () => {};\n');
  entries.push({ name: emptyName, entry: '(empty handler)', path: empty, workflowFiles: false });
  return entries;
}

/**
 * The bundling of `infra/aws/rekindle-function.ts` (NodejsFunction): minified ESM for Node 24, the AWS SDK bundled,
 * `module` before `main`, the createRequire banner. The banner is read from that file, and the other settings are
 * checked there, so a change to the construct shows up as a warning instead of silently measuring something else.
 * Source maps are off here (on AWS they are a separate file and do not change the code's size).
 */
export function functionBundling(repoRoot: string): { banner: string; warnings: string[] } {
  const file = 'infra/aws/rekindle-function.ts';
  const source = existsSync(join(repoRoot, file)) ? readFileSync(join(repoRoot, file), 'utf8') : '';
  const warnings: string[] = [];
  const match = /const esmRequireBanner\s*=\s*(['"`])(.*?)\1;/s.exec(source);
  if (!match?.[2]) warnings.push(`${file}: esmRequireBanner not found, bundled without a banner`);
  for (const setting of ['minify: true', "target: 'node24'", 'format: OutputFormat.ESM', 'bundleAwsSDK: true']) {
    if (!source.includes(setting)) warnings.push(`${file} no longer says "${setting}": bench/bundles.ts may differ`);
  }
  return { banner: match?.[2] ?? '', warnings };
}

export async function bundle(
  repoRoot: string,
  tempDir: string,
  entry: { name: string; path: string },
  banner: string,
): Promise<{ file: string; bytes: number; gzipBytes: number }> {
  const outdir = join(tempDir, entry.name);
  mkdirSync(outdir, { recursive: true });
  const file = join(outdir, 'index.mjs');
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [entry.path],
    outfile: file,
    bundle: true,
    minify: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    mainFields: ['module', 'main'],
    ...(banner ? { banner: { js: banner } } : {}),
    sourcemap: false,
    external: bundleExternals,
    logLevel: 'error',
  });
  const code = readFileSync(file);
  return { file, bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength };
}

/**
 * `workflows/` beside the bundle, as the construct's bundling hook copies it (the function reads it at its cold
 * start), minus the workflow files: publishing those is a DynamoDB write each. Returns how many were left out.
 */
function copyWorkflowsFolder(repoRoot: string, outdir: string): number {
  let left = 0;
  const from = join(repoRoot, 'workflows');
  const to = join(outdir, 'workflows');
  if (!existsSync(from)) {
    mkdirSync(to, { recursive: true });
    return 0;
  }
  cpSync(from, to, {
    recursive: true,
    filter: (source) => {
      const workflowFile = source.endsWith('.workflow.json');
      if (workflowFile) left++;
      return !workflowFile;
    },
  });
  return left;
}

// Runs in the child: the time to load and initialise the bundle (its top level: config parsing, SDK clients).
const initScript =
  'const start = performance.now(); await import(process.argv[1]); ' +
  'process.stdout.write(JSON.stringify(performance.now() - start));';

/** One sample: a fresh `node` process (the one running the bench) imports the bundle and reports the time. */
export async function sampleInit(file: string): Promise<number> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', initScript, pathToFileURL(file).href], {
    env: { TABLE_NAME: 'bench' },
    timeout: 30_000,
  });
  const ms: unknown = JSON.parse(stdout);
  if (typeof ms !== 'number') throw new Error(`unexpected output from the init probe: ${stdout}`);
  return ms;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const upper = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 ? upper : ((sorted[mid - 1] ?? upper) + upper) / 2;
}

interface Built {
  readonly name: string;
  readonly entry: string;
  readonly file: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly initMs: number[];
  readonly workflowFilesLeftOut: number;
}

/** Bundles every entry, then samples init times round-robin (so machine noise spreads over all of them). */
export async function measureBundles(
  repoRoot: string,
  tempDir: string,
  samples: number,
): Promise<{ bundles: BundleResult[]; warnings: string[] }> {
  const { banner, warnings } = functionBundling(repoRoot);
  const built: Built[] = [];
  for (const entry of bundleEntries(repoRoot, tempDir)) {
    const output = await bundle(repoRoot, tempDir, entry, banner);
    const left = entry.workflowFiles ? copyWorkflowsFolder(repoRoot, dirname(output.file)) : 0;
    built.push({ name: entry.name, entry: entry.entry, ...output, initMs: [], workflowFilesLeftOut: left });
  }
  for (let i = 0; i < samples; i++) {
    for (const b of built) b.initMs.push(await sampleInit(b.file));
  }
  const bundles = built.map((b) => ({
    name: b.name,
    entry: b.entry,
    bytes: b.bytes,
    gzipBytes: b.gzipBytes,
    initMs: b.initMs,
    medianInitMs: median(b.initMs),
    workflowFilesLeftOut: b.workflowFilesLeftOut,
  }));
  return { bundles, warnings };
}
