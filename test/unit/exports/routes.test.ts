import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createStaffApi } from '../../../functions/staff-api/app.ts';
import type { ExportDownloads } from '../../../functions/staff-api/export-routes.ts';
import { openIdProvider } from '../../../functions/staff-api/oidc.ts';
import type { ExportJob } from '../../../shared/export/jobs.ts';
import { DEFAULT_REASONS } from '../../../shared/moderation/reasons.ts';
import type { Role, StaffPrincipal } from '../../../shared/staff/principal.ts';
import { DEFAULT_SESSION_POLICY } from '../../../shared/staff/sessions.ts';
import { MemoryClusterStore } from '../../../shared/store/memory-cluster-store.ts';
import { MemoryExportJobStore } from '../../../shared/store/memory-export-jobs.ts';
import { MemorySessionStore, MemoryStaffStore } from '../../../shared/store/memory-staff-store.ts';
import { MemoryStore } from '../../../shared/store/memory-store.ts';
import { anOpenConsultation, fixedClock } from '../../support/factories.ts';
import { startFakeIssuer } from '../../support/fake-issuer.ts';
import {
  aPrincipal,
  aSessionCookie,
  CLIENT,
  drafts,
  expectProblem,
  type FakeIssuer,
  JUSTICE,
  ORIGIN,
  STAFF_HEADERS,
  TRANSPORT,
} from '../staff-api/support.ts';

let issuer: FakeIssuer;
beforeAll(async () => {
  issuer = await startFakeIssuer(CLIENT);
});
afterAll(() => issuer.close());

const FILE_BYTES = new TextEncoder().encode('\uFEFFcommentId\r\n');

function setup(options: { dispatchFails?: boolean } = {}) {
  const base = new MemoryStore();
  base.consultations.set(TRANSPORT, anOpenConsultation({ id: TRANSPORT, officeId: 'transport' }));
  base.consultations.set(JUSTICE, anOpenConsultation({ id: JUSTICE, officeId: 'justice' }));
  const staff = new MemoryStaffStore(base, 16);
  const sessions = new MemorySessionStore();
  const jobs = new MemoryExportJobStore();
  const dispatched: string[] = [];
  const downloads: ExportDownloads = {
    async open() {
      return {
        kind: 'stream',
        body: new Blob([FILE_BYTES]).stream(),
        bytes: FILE_BYTES.byteLength,
      };
    },
  };
  const app = createStaffApi({
    consultations: base,
    staff,
    clusters: new MemoryClusterStore(base),
    sessions,
    identity: openIdProvider({
      issuer: issuer.issuer,
      ...CLIENT,
      redirectUri: `${ORIGIN}/api/staff/auth/callback`,
      scope: 'openid profile yijian',
      accessTokenType: 'at+jwt',
    }),
    drafts,
    clock: fixedClock(),
    origin: ORIGIN,
    claims: { rolesClaim: 'yijian:roles', officeClaim: 'yijian:office' },
    policy: DEFAULT_SESSION_POLICY,
    reasons: DEFAULT_REASONS,
    commentShards: 16,
    contactRetentionDays: 180,
    logError: vi.fn(),
    exports: {
      jobs,
      downloads,
      dispatcher: {
        async dispatch(jobId) {
          if (options.dispatchFails === true) throw new Error('queue unavailable');
          dispatched.push(jobId);
        },
      },
    },
  });
  return { app, jobs, staff, sessions, dispatched };
}
type Setup = ReturnType<typeof setup>;

const JOB_IDS = { public: '01JEXP0000000000000000PUB1', internal: '01JEXP0000000000000000INT1' } as const;

function aJob(variant: ExportJob['variant'], overrides: Partial<ExportJob> = {}): ExportJob {
  const jobId = JOB_IDS[variant];
  return {
    jobId,
    consultationId: TRANSPORT,
    officeId: 'transport',
    format: 'xlsx',
    variant,
    status: 'done',
    processed: 3,
    total: 3,
    requestedBy: { sub: 'drafter', username: 'drafter' },
    requestedAt: '2026-11-15T08:00:00.000Z',
    updatedAt: '2026-11-15T08:00:00.000Z',
    objectKey: `${TRANSPORT}/${jobId}.xlsx`,
    error: null,
    attempt: 1,
    expiresAt: 1,
    ...overrides,
  };
}

async function as(api: Setup, principal: StaffPrincipal) {
  return { Cookie: await aSessionCookie(api.sessions, principal) };
}

function post(api: Setup, path: string, headers: Record<string, string>, body?: unknown) {
  return Promise.resolve(
    api.app.request(path, {
      method: 'POST',
      headers: { ...STAFF_HEADERS, ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

interface Route {
  name: string;
  call: (api: Setup, headers: Record<string, string>) => Promise<Response>;
  allowed: readonly Role[];
  ok: number;
}

const ROUTES: Route[] = [
  {
    name: 'start a public export',
    call: (api, h) =>
      post(api, `/api/staff/consultations/${TRANSPORT}/exports`, h, { format: 'csv', variant: 'public' }),
    allowed: ['admin', 'moderator', 'drafter'],
    ok: 202,
  },
  {
    name: 'start an internal export',
    call: (api, h) =>
      post(api, `/api/staff/consultations/${TRANSPORT}/exports`, h, { format: 'xlsx', variant: 'internal' }),
    allowed: ['admin', 'drafter'],
    ok: 202,
  },
  {
    name: 'job status',
    call: async (api, h) => api.app.request(`/api/staff/exports/${JOB_IDS.internal}`, { headers: h }),
    allowed: ['admin', 'moderator', 'drafter'],
    ok: 200,
  },
  {
    name: 'download a public file',
    call: async (api, h) => api.app.request(`/api/staff/exports/${JOB_IDS.public}/file`, { headers: h }),
    allowed: ['admin', 'moderator', 'drafter'],
    ok: 200,
  },
  {
    name: 'download an internal file',
    call: async (api, h) => api.app.request(`/api/staff/exports/${JOB_IDS.internal}/file`, { headers: h }),
    allowed: ['admin', 'drafter'],
    ok: 200,
  },
  {
    name: 'retry a failed public export',
    call: (api, h) => post(api, `/api/staff/exports/${JOB_IDS.public}/retry`, h),
    allowed: ['admin', 'moderator', 'drafter'],
    ok: 202,
  },
];

async function seeded(retrying: boolean) {
  const api = setup();
  await api.jobs.create(aJob('internal'));
  await api.jobs.create(aJob('public', retrying ? { status: 'failed', error: 'boom' } : {}));
  return api;
}

describe('export routes: who may do what (roles × office)', () => {
  const people: [string, Role[], string | null][] = [
    ['admin', ['admin'], null],
    ['moderator', ['moderator'], null],
    ['drafter', ['drafter'], null],
    ['drafter of the office', ['drafter'], 'transport'],
    ['moderator of the office', ['moderator'], 'transport'],
    ['no role', [], null],
  ];
  for (const route of ROUTES)
    for (const [who, roles, office] of people) {
      const allowed = roles.some((r) => route.allowed.includes(r));
      it(`${route.name}: ${who} → ${allowed ? route.ok : 403}`, async () => {
        const api = await seeded(route.name.startsWith('retry'));
        const response = await route.call(api, await as(api, aPrincipal(roles, office)));
        if (allowed) expect(response.status, await response.clone().text()).toBe(route.ok);
        else await expectProblem(response, 403, 'forbidden');
      });
    }

  for (const route of ROUTES)
    it(`${route.name}: staff of another office get 404, as if it did not exist`, async () => {
      const api = await seeded(route.name.startsWith('retry'));
      const response = await route.call(api, await as(api, aPrincipal(['admin', 'drafter'], 'justice')));
      await expectProblem(response, 404, 'not-found');
      expect(api.dispatched).toEqual([]);
    });

  for (const route of ROUTES)
    it(`${route.name}: not signed in → 401`, async () => {
      const api = await seeded(route.name.startsWith('retry'));
      await expectProblem(await route.call(api, {}), 401, 'unauthenticated');
    });
});

describe('starting an export', () => {
  it('answers 202 with a job id, records a queued job and hands it to the worker', async () => {
    const api = setup();
    const response = await post(
      api,
      `/api/staff/consultations/${TRANSPORT}/exports`,
      await as(api, aPrincipal(['drafter'])),
      {
        format: 'docx',
        variant: 'public',
      },
    );
    expect(response.status).toBe(202);
    const { jobId } = (await response.json()) as { jobId: string };
    expect(api.dispatched).toEqual([jobId]);
    const job = await api.jobs.get(jobId);
    expect(job).toMatchObject({
      status: 'queued',
      format: 'docx',
      variant: 'public',
      officeId: 'transport',
      attempt: 0,
    });
    expect(job?.objectKey).toBe(`${TRANSPORT}/${jobId}.docx`);
    expect(api.staff.audit).toEqual([]);
  });

  it('audits an internal export when it starts and when its file is downloaded', async () => {
    const api = setup();
    const headers = await as(api, aPrincipal(['drafter']));
    const response = await post(api, `/api/staff/consultations/${TRANSPORT}/exports`, headers, {
      format: 'xlsx',
      variant: 'internal',
    });
    const { jobId } = (await response.json()) as { jobId: string };
    expect(api.staff.audit.map((e) => [e.action, e.consultationId, e.actor.username])).toEqual([
      ['export-internal', TRANSPORT, 'drafter'],
    ]);
    await api.jobs.start(jobId, 'x', 1);
    await api.jobs.finish(jobId, 1, 'x');
    const file = await api.app.request(`/api/staff/exports/${jobId}/file`, { headers });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('attachment;');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(FILE_BYTES);
    expect(api.staff.audit.map((e) => e.action)).toEqual(['export-internal', 'download-export']);
  });

  const bad: [string, unknown][] = [
    ['an unknown format', { format: 'pdf', variant: 'public' }],
    ['an unknown variant', { format: 'csv', variant: 'secret' }],
    ['a missing variant', { format: 'csv' }],
    ['an extra field', { format: 'csv', variant: 'public', includeContact: true }],
    ['a number for the format', { format: 1, variant: 'public' }],
  ];
  for (const [what, body] of bad)
    it(`refuses ${what} with 422 and starts nothing`, async () => {
      const api = setup();
      const response = await post(
        api,
        `/api/staff/consultations/${TRANSPORT}/exports`,
        await as(api, aPrincipal(['admin'])),
        body,
      );
      const problem = await expectProblem(response, 422, 'validation-failed');
      expect(problem.errors).toBeInstanceOf(Array);
      expect(api.jobs.jobs.size).toBe(0);
      expect(api.dispatched).toEqual([]);
    });

  it('an unknown consultation is 404', async () => {
    const api = setup();
    const response = await post(
      api,
      '/api/staff/consultations/no-such-thing/exports',
      await as(api, aPrincipal(['admin'])),
      {
        format: 'csv',
        variant: 'public',
      },
    );
    await expectProblem(response, 404, 'not-found');
  });

  it('a job that could not be queued is failed with a reason, and can be retried', async () => {
    const api = setup({ dispatchFails: true });
    const headers = await as(api, aPrincipal(['admin']));
    const response = await post(api, `/api/staff/consultations/${TRANSPORT}/exports`, headers, {
      format: 'csv',
      variant: 'public',
    });
    const { jobId } = (await response.json()) as { jobId: string };
    const status = await (await api.app.request(`/api/staff/exports/${jobId}`, { headers })).json();
    expect(status).toMatchObject({ status: 'failed', error: expect.stringContaining('retry') });
    expect(status).not.toHaveProperty('downloadUrl');
  });
});

describe('job status, file and retry', () => {
  it('an unknown or malformed job id is 404', async () => {
    const api = await seeded(false);
    const headers = await as(api, aPrincipal(['admin']));
    for (const path of [
      '/api/staff/exports/01JEXP0000000000000000NONE',
      '/api/staff/exports/..%2F..%2Fetc',
      '/api/staff/exports/01JEXP0000000000000000NONE/file',
    ])
      await expectProblem(await api.app.request(path, { headers }), 404, 'not-found');
    await expectProblem(
      await post(api, '/api/staff/exports/01JEXP0000000000000000NONE/retry', headers),
      404,
      'not-found',
    );
  });

  it('status carries progress, and a download link only when done and only for those who may download', async () => {
    const api = await seeded(false);
    await api.jobs.create(
      aJob('public', { jobId: '01JEXP0000000000000000RUN1', status: 'running', processed: 500, total: 1200 }),
    );
    const drafter = await as(api, aPrincipal(['drafter']));
    const running = await (
      await api.app.request('/api/staff/exports/01JEXP0000000000000000RUN1', { headers: drafter })
    ).json();
    expect(running).toMatchObject({ status: 'running', processed: 500, total: 1200 });
    expect(running).not.toHaveProperty('downloadUrl');
    const done = await (
      await api.app.request(`/api/staff/exports/${JOB_IDS.internal}`, { headers: drafter })
    ).json();
    expect(done.downloadUrl).toBe(`/api/staff/exports/${JOB_IDS.internal}/file`);
    const moderator = await as(api, aPrincipal(['moderator']));
    const seen = await (
      await api.app.request(`/api/staff/exports/${JOB_IDS.internal}`, { headers: moderator })
    ).json();
    expect(seen.status).toBe('done');
    expect(seen).not.toHaveProperty('downloadUrl');
  });

  it('a file of an unfinished job is 409, and only a failed job can be retried (409 otherwise)', async () => {
    const api = await seeded(false);
    await api.jobs.create(aJob('public', { jobId: '01JEXP0000000000000000RUN1', status: 'running' }));
    const headers = await as(api, aPrincipal(['admin']));
    await expectProblem(
      await api.app.request('/api/staff/exports/01JEXP0000000000000000RUN1/file', { headers }),
      409,
      'illegal-transition',
    );
    await expectProblem(
      await post(api, `/api/staff/exports/${JOB_IDS.public}/retry`, headers),
      409,
      'illegal-transition',
    );
    expect(api.dispatched).toEqual([]);
  });

  it('retrying a failed job queues it again and hands it to the worker', async () => {
    const api = await seeded(true);
    const response = await post(
      api,
      `/api/staff/exports/${JOB_IDS.public}/retry`,
      await as(api, aPrincipal(['moderator'])),
    );
    expect(response.status).toBe(202);
    expect(await api.jobs.get(JOB_IDS.public)).toMatchObject({ status: 'queued', error: null });
    expect(api.dispatched).toEqual([JOB_IDS.public]);
  });

  it('a state-changing export request without the staff header is refused (403) and changes nothing', async () => {
    const api = setup();
    const cookie = await as(api, aPrincipal(['admin']));
    const response = await api.app.request(`/api/staff/consultations/${TRANSPORT}/exports`, {
      method: 'POST',
      headers: { ...cookie, 'Content-Type': 'application/json' },
      body: JSON.stringify({ format: 'csv', variant: 'public' }),
    });
    await expectProblem(response, 403, 'forbidden');
    expect(api.jobs.jobs.size).toBe(0);
  });
});
