import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../scripts/local/dynamodb-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the in-memory DynamoDB Local shared by the integration tests (one table per file). */
    dynamoEndpoint: string;
  }
}

/** Starts one in-memory DynamoDB Local for the whole integration run and stops it afterwards. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal({ allowedOrigins: [] });
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    dynamo.client.destroy();
    await dynamo.stop();
  };
}
