import { isAbsolute, join } from 'node:path';
import type { Construct } from 'constructs';
import { repoRoot } from './paths.js';

/** The CDK context key naming the folder of workflow files deployed (default `workflows`, from the repository). */
export const workflowsDirContext = 'rekindle:workflowsDir';

/**
 * The workflow files, templates and program a deploy publishes: the repository's `workflows/` unless context names
 * another folder (the infra tests deploy a copy of the shipped files, never the marketer's folder).
 */
export function workflowsDirOf(scope: Construct): string {
  const given: unknown = scope.node.tryGetContext(workflowsDirContext);
  if (given === undefined || given === '') return join(repoRoot, 'workflows');
  if (typeof given !== 'string') throw new Error(`CDK context ${workflowsDirContext}: must be a folder path`);
  return isAbsolute(given) ? given : join(repoRoot, given);
}
