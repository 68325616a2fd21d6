import { type BundleResult, emptyName } from './bundles.js';
import { fixed, integer, ratio, type TableRow } from './table.js';

/** The bundles block of the bench table, and its notes. */

export function bundleRows(bundles: readonly BundleResult[], initSamples: number): TableRow[] {
  const empty = bundles.find((b) => b.name === emptyName);
  return [
    {
      kind: 'section',
      title: `Bundles: esbuild as infra/aws/rekindle-function.ts; init = median of ${initSamples} fresh imports`,
    },
    { kind: 'header', cells: ['function', 'bytes', 'gzip', '×empty', 'gzip×empty', 'init ms', '×empty'] },
    ...bundles.map(
      (b): TableRow => ({
        kind: 'row',
        cells: [
          b.name === emptyName ? 'empty handler' : `${b.name} (${b.entry})`,
          integer(b.bytes),
          integer(b.gzipBytes),
          empty ? ratio(b.bytes / empty.bytes) : '–',
          empty ? ratio(b.gzipBytes / empty.gzipBytes) : '–',
          fixed(b.medianInitMs, 1),
          empty ? ratio(b.medianInitMs / empty.medianInitMs) : '–',
        ],
      }),
    ),
  ];
}

export function bundleNotes(bundles: readonly BundleResult[], initSamples: number): string[] {
  return [
    'Bundles: minify, platform node, target node24, ESM, AWS SDK bundled, no source map; gzip = node:zlib default ' +
      `level. Init: TABLE_NAME=bench, ${initSamples} samples per bundle, one fresh process each, interleaved.`,
    ...bundles
      .filter((b) => b.workflowFilesLeftOut > 0)
      .map(
        (b) =>
          `${b.name}: init with workflows/ beside the bundle, as deployed, but without its ${b.workflowFilesLeftOut} ` +
          'workflow files: the cold start publishes them to the table (a conditional put each), which the probe has ' +
          'no table for; their reading and validation are not in the figure either.',
      ),
  ];
}
