import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { Readable } from 'node:stream';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { exportWorkerDeps } from '../../functions/export/worker-deps.ts';
import type { ExportDownloads, ExportRoutesDeps } from '../../functions/staff-api/export-routes.ts';
import { fileTarget } from '../../shared/export/file-target.ts';
import type { ExportDispatcher, ExportJob } from '../../shared/export/jobs.ts';
import { type ExportWorkerDeps, processExportJob } from '../../shared/export/worker.ts';
import type { DynamoDbStoreOptions } from '../../shared/store/dynamodb/dynamodb-store.ts';
import { DynamoExportJobStore } from '../../shared/store/dynamodb/export-jobs.ts';

/** Where a job's file lives under the exports directory; the key is made by the API, never by a client. */
export function localPathOf(dir: string, job: Pick<ExportJob, 'objectKey'>): string {
  const path = join(dir, job.objectKey);
  if (relative(dir, path).startsWith('..')) throw new Error(`export key outside ${dir}`);
  return path;
}

/** Local mode serves the files itself, to signed-in staff only (the route checks the session first). */
export function localDownloads(dir: string): ExportDownloads {
  return {
    async open(job) {
      const path = localPathOf(dir, job);
      const info = await stat(path).catch(() => undefined);
      if (info === undefined) return undefined;
      return {
        kind: 'stream',
        body: Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
        bytes: info.size,
      };
    },
  };
}

/**
 * Local mode's worker: the job runs in the staff API's own process, started without waiting for it (the
 * API has already answered 202), writing progress to the job record as the Lambda would.
 */
export function inProcessDispatcher(deps: ExportWorkerDeps): ExportDispatcher {
  return {
    async dispatch(jobId) {
      setImmediate(() => {
        // The failure is on the job record already (processExportJob records it before rethrowing).
        processExportJob(deps, jobId).catch(() => {});
      });
    },
  };
}

/** The export routes' dependencies in local mode: files under `dir` (./var/exports). */
export function localExports(options: {
  client: DynamoDBClient;
  config: DynamoDbStoreOptions;
  dir: string;
  contentDir: string;
  logError: (message: string, details: { jobId: string; error: unknown }) => void;
}): Pick<ExportRoutesDeps, 'jobs' | 'dispatcher' | 'downloads'> {
  const worker = exportWorkerDeps({
    client: options.client,
    config: options.config,
    contentDir: options.contentDir,
    targetFor: (job) => {
      const path = localPathOf(options.dir, job);
      return fileTarget(dirname(path), path.slice(dirname(path).length + 1));
    },
    logError: options.logError,
  });
  return {
    jobs: new DynamoExportJobStore(options.client, options.config.tableName),
    dispatcher: inProcessDispatcher(worker),
    downloads: localDownloads(options.dir),
  };
}
