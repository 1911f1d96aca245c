import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

/**
 * Registers the cdk-nag AwsSolutions rules as a validation plugin: synthesis fails on every finding
 * that is neither fixed nor acknowledged with `Validations.of(construct).acknowledge({ id, reason })`.
 */
export function addComplianceChecks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
}
