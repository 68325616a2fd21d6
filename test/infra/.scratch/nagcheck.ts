import { Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { createRekindleApp } from '../../../infra/aws/rekindle-app.js';

process.env.CDK_CONTEXT_JSON = JSON.stringify({ 'aws:cdk:bundling-stacks': [] });
const { app } = createRekindleApp({ context: { 'aws:cdk:bundling-stacks': [] } });
const r = new AwsSolutionsChecks().validateScope(app);
console.log(JSON.stringify(r, null, 1).slice(0, 3000));
const s = new Stack(app, 'Bad');
new Queue(s, 'Q');
const r2 = new AwsSolutionsChecks().validateScope(s);
console.log(r2.violations.map((v) => v.ruleName));
try {
  app.synth();
  console.log('synth ok');
} catch (e) {
  console.log('synth threw', String(e).slice(0, 1500));
}
