import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { createRekindleApp } from '../../infra/aws/rekindle-app.js';
import { tableMarkerTag } from '../../shared/platform/dynamodb/table-marker.js';
import { type CfnResource, deployContext, ofType, props, refId } from './synth.js';

// Without bundling: these read the template's settings, not the bundles.
const synth = (context: Record<string, unknown>) => {
  const { stack } = createRekindleApp({
    context: { '@aws-cdk/core:appMode': 'inmemory', 'aws:cdk:bundling-stacks': [], ...context },
  });
  const template = Template.fromStack(stack);
  return template.toJSON().Resources as Record<string, CfnResource>;
};

describe('deploy settings from CDK context', () => {
  it('refuses to synthesize without rekindle:emailFrom, naming the key (no made-up sender)', () => {
    const { 'rekindle:emailFrom': _sender, ...rest } = deployContext;
    expect(() => synth(rest)).toThrow(/CDK context rekindle:emailFrom is required/);
    expect(() => synth({ ...rest, 'rekindle:emailFrom': 'not an address' })).toThrow(/rekindle:emailFrom="not an/);
  });

  it('the table is marked as a Rekindle table from its creation (the CLI writes only to a marked table)', () => {
    const [[, table] = []] = ofType(synth(deployContext), 'AWS::DynamoDB::Table');
    expect(props(table).Tags).toContainEqual({ Key: tableMarkerTag.key, Value: tableMarkerTag.value });
  });

  describe('alarms', () => {
    const resources = synth(deployContext);
    const [topic] = ofType(resources, 'AWS::SNS::Topic').filter(([, r]) => props(r).DisplayName === 'Rekindle alarms');
    if (!topic) throw new Error('no alarm topic');
    const [topicId, topicResource] = topic;

    it('every alarm notifies one topic, on alarm and back to OK', () => {
      const alarms = ofType(resources, 'AWS::CloudWatch::Alarm');
      expect(alarms.length).toBeGreaterThan(0);
      for (const [, alarm] of alarms) {
        const actions = (key: string) => (props(alarm)[key] as unknown[] | undefined)?.map(refId);
        expect(actions('AlarmActions')).toEqual([topicId]);
        expect(actions('OKActions')).toEqual([topicId]);
      }
    });

    it('the topic emails rekindle:alarmEmail', () => {
      const subscriptions = ofType(resources, 'AWS::SNS::Subscription').map(([, r]) => props(r));
      expect(subscriptions).toContainEqual(
        expect.objectContaining({ Protocol: 'email', Endpoint: 'alarms@shop.example', TopicArn: { Ref: topicId } }),
      );
    });

    it('the topic is encrypted with the stack key, which CloudWatch may use, and accepts TLS only', () => {
      const keyId = refId(props(topicResource).KmsMasterKeyId);
      expect(resources[keyId]?.Type).toBe('AWS::KMS::Key');
      const keyPolicy = JSON.stringify(props(resources[keyId]).KeyPolicy);
      expect(keyPolicy).toContain('cloudwatch.amazonaws.com');
      const [, policy] =
        ofType(resources, 'AWS::SNS::TopicPolicy').find(([, r]) => JSON.stringify(props(r).Topics).includes(topicId)) ??
        [];
      expect(JSON.stringify(props(policy).PolicyDocument)).toContain('"aws:SecureTransport":"false"');
    });

    it('without rekindle:alarmEmail the topic still exists, with no subscription', () => {
      const { 'rekindle:alarmEmail': _email, ...rest } = deployContext;
      const without = synth(rest);
      expect(ofType(without, 'AWS::SNS::Subscription').map(([, r]) => props(r).Protocol)).not.toContain('email');
    });
  });
});
