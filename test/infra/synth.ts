import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { createRekindleApp } from '../../infra/aws/rekindle-app.js';
import type { RekindleStack } from '../../infra/aws/stack.js';
import { deployContext } from '../helpers/deploy-context.js';

export { deployContext };

/** The subset of a CloudFormation resource the infra tests read. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface Synthesized {
  readonly app: App;
  readonly stack: RekindleStack;
  readonly template: Template;
  readonly resources: Record<string, CfnResource>;
}

/**
 * The real app (cdk-nag attached, functions bundled by esbuild), synthesized once: `Template.fromStack` runs the
 * validation plugins, so an unacknowledged cdk-nag error already fails here. `inmemory` puts the report in the error.
 */
export function synthRekindle(): Synthesized {
  const { app, stack } = createRekindleApp({ context: { '@aws-cdk/core:appMode': 'inmemory', ...deployContext } });
  const template = Template.fromStack(stack);
  const resources = template.toJSON().Resources as Record<string, CfnResource>;
  return { app, stack, template, resources };
}

export function ofType(resources: Record<string, CfnResource>, type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, r]) => r.Type === type);
}

export function props(resource: CfnResource | undefined): Record<string, unknown> {
  if (!resource?.Properties) throw new Error('resource without Properties');
  return resource.Properties;
}

/** The logical id behind `{ Ref }` / `{ Fn::GetAtt: [id, attr] }`. */
export function refId(value: unknown): string {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] };
  const id = v.Ref ?? v['Fn::GetAtt']?.[0];
  if (!id) throw new Error(`not a Ref/GetAtt: ${JSON.stringify(value)}`);
  return id;
}
