import { type DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';

/**
 * Reads a table's stream on DynamoDB Local, which serves the DynamoDB Streams API on its own endpoint.
 * No SDK client for that API is installed; its four JSON calls are small enough to make directly. The
 * records come back in the form Lambda hands them to the indexer (eventName, dynamodb.Keys, images…).
 */
export async function enableStream(client: DynamoDBClient, tableName: string): Promise<string> {
  const answer = await client.send(
    new UpdateTableCommand({
      TableName: tableName,
      StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
    }),
  );
  const arn = answer.TableDescription?.LatestStreamArn;
  if (arn === undefined) throw new Error('DynamoDB Local gave the table no stream');
  return arn;
}

const Shards = z.object({
  StreamDescription: z.object({ Shards: z.array(z.object({ ShardId: z.string() })) }),
});
const Iterator = z.object({ ShardIterator: z.string() });
const Records = z.object({ Records: z.array(z.unknown()), NextShardIterator: z.string().optional() });

/** Every record the stream holds now, shard by shard, oldest first. */
export async function readStream(endpoint: string, streamArn: string): Promise<unknown[]> {
  const call = async (operation: string, body: unknown) => {
    const answer = await fetch(endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': `DynamoDBStreams_20120810.${operation}`,
        // DynamoDB Local wants the header's shape, not a valid signature.
        authorization:
          'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        'x-amz-date': '20260101T000000Z',
      },
      body: JSON.stringify(body),
    });
    if (!answer.ok) throw new Error(`${operation}: ${answer.status} ${await answer.text()}`);
    return answer.json();
  };
  const { StreamDescription } = Shards.parse(await call('DescribeStream', { StreamArn: streamArn }));
  const records: unknown[] = [];
  for (const { ShardId } of StreamDescription.Shards) {
    let iterator: string | undefined = Iterator.parse(
      await call('GetShardIterator', { StreamArn: streamArn, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
    ).ShardIterator;
    // An open shard always hands out a next iterator: stop at the first empty read.
    while (iterator !== undefined) {
      const page = Records.parse(await call('GetRecords', { ShardIterator: iterator, Limit: 1000 }));
      if (page.Records.length === 0) break;
      records.push(...page.Records);
      iterator = page.NextShardIterator;
    }
  }
  return records;
}
