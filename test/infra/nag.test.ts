import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { createRekindleApp } from '../../infra/aws/rekindle-app.js';
import { deployContext, synthRekindle } from './synth.js';

// Synthesizing already runs cdk-nag as a CDK validation plugin: an unacknowledged *error* throws right here.
const { app, stack } = synthRekindle();

interface Acknowledgement {
  readonly path: string;
  readonly id: string;
  readonly reason: string;
}

function acknowledgements(root: IConstruct): Acknowledgement[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions', () => {
  it('finds no unacknowledged error or warning in the app', () => {
    // Warnings do not fail a synth, so ask the pack directly; it leaves out acknowledged findings.
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}: ${v.description}`),
    );
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('is attached by the app itself: an unacknowledged finding fails the synth (canary)', () => {
    // The same app factory, without bundling (not needed here), plus one queue that breaks AwsSolutions-SQS4.
    const canary = createRekindleApp({
      context: { '@aws-cdk/core:appMode': 'inmemory', 'aws:cdk:bundling-stacks': [], ...deployContext },
    });
    new Queue(canary.stack, 'PlainQueue');
    expect(() => canary.app.synth()).toThrow(/Rekindle\/PlainQueue\/Resource[\s\S]*AwsSolutions-SQS4/);
  });

  it('acknowledges only the expected findings, each with a reason, where they occur', () => {
    const acks = acknowledgements(app);
    const expected: Record<string, RegExp> = {
      // Active tracing: X-Ray has no resource-level permissions.
      'AwsSolutions-IAM5[Resource::*]': /^Rekindle\/(Routes\/\w+|Admin|Unsubscribe|Schedules\/\w+|Inbound\/\w+)\/Role$/,
      // CDK key grants (table and DLQ encryption), scoped to the PII key.
      'AwsSolutions-IAM5[Action::kms:ReEncrypt*]':
        /^Rekindle\/(Routes\/\w+|Admin|Unsubscribe|Schedules\/\w+|Inbound\/\w+)\/Role$/,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]':
        /^Rekindle\/(Routes\/\w+|Admin|Unsubscribe|Schedules\/\w+|Inbound\/\w+)\/Role$/,
      // The unsubscribe keys rotate by hand: links in sent mail must keep working for their lifetime.
      'AwsSolutions-SMG4': /^Rekindle\/UnsubscribeSecret$/,
      // The dead-letter queues are themselves DLQs.
      'AwsSolutions-SQS3': /^Rekindle\/(Routes|Schedules|Inbound)\/\w+Dlq\/Queue$/,
      // EventBridge Scheduler's role invokes the sweep function, any version (`Arn:*`).
      'AwsSolutions-IAM5[Resource::<SchedulesLoyaltySweepFunction31CC5ED8.Arn>:*]': /^Rekindle$/,
      'AwsSolutions-IAM5[Resource::<SchedulesWorkflowTimersFunctionF5F20A70.Arn>:*]': /^Rekindle$/,
      'AwsSolutions-IAM5[Resource::<SchedulesMessageSweepFunctionEB44FF44.Arn>:*]': /^Rekindle$/,
      'AwsSolutions-IAM5[Resource::<SchedulesInactivitySweepFunction76E3DAD6.Arn>:*]': /^Rekindle$/,
      'AwsSolutions-IAM5[Resource::<SchedulesCartSweepFunction857B27F5.Arn>:*]': /^Rekindle$/,
      'AwsSolutions-IAM5[Resource::<SchedulesSegmentsSweepFunction7A25B7B5.Arn>:*]': /^Rekindle$/,
    };
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      const where = expected[ack.id];
      expect(where, `unexpected acknowledgement ${ack.id} at ${ack.path}`).toBeDefined();
      expect(ack.path).toMatch(where ?? /$^/);
      expect(ack.reason.length).toBeGreaterThan(40);
    }
    expect(new Set(acks.map((a) => a.id))).toEqual(new Set(Object.keys(expected)));
  });
});

describe('CDK annotations', () => {
  it('the stack has no warnings or errors', () => {
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });
});
