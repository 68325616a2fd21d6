import { copyShippedWorkflows } from './shipped-workflows.js';

/**
 * The CDK context a deploy must give (`rekindle:emailFrom` is required), and a copy of the shipped workflow files as
 * the folder deployed: what the tests deploy, whatever the marketer's `workflows/` holds.
 */
export const deployContext = {
  'rekindle:emailFrom': 'Shop <hello@shop.example>',
  'rekindle:alarmEmail': 'alarms@shop.example',
  'rekindle:workflowsDir': copyShippedWorkflows(),
} as const;
