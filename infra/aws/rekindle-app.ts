import { App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RekindleStack } from './stack.js';

export const stackName = 'Rekindle';

/** The CDK app: the Rekindle stack (environment-agnostic) checked by cdk-nag's AwsSolutions pack at synth. */
export function createRekindleApp(props?: AppProps): { app: App; stack: RekindleStack } {
  const app = new App(props);
  const stack = new RekindleStack(app, stackName, {
    description: 'Rekindle: marketing automation and loyalty engine',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}
