import { JobName, QueueName } from '../src/queue/jobs';
import { OutboxMessage } from '../src/queue/outbox-message.entity';
import { OutboxRelay } from '../src/queue/outbox-relay';
import { QueueService } from '../src/queue/queue.service';
import { createTestApp, TestApp } from './harness/test-app';

describe('outbox relay: a row the queue refuses does not hold up the rows behind it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('publishes the good row on the next pass and keeps retrying the bad one behind it', async () => {
    const repo = t.db.getRepository(OutboxMessage);
    // BullMQ refuses custom ids with more than three ':'-separated parts.
    const bad = await repo.save({ op: 'add' as const, jobName: JobName.LeadsSweep, jobId: 'a:b:c:d', payload: {} });
    const good = await repo.save({ op: 'add' as const, jobName: JobName.LeadsSweep, jobId: 'relay-test-good', payload: {} });
    const relay = t.app.get(OutboxRelay);
    await expect(relay.drain()).rejects.toThrow();
    await expect(relay.drain()).rejects.toThrow();
    const rows = await repo.findBy([{ id: bad.id }, { id: good.id }]);
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(good.id)?.publishedAt).not.toBeNull();
    expect(byId.get(bad.id)).toMatchObject({ publishedAt: null, attempts: 2 });
    expect(byId.get(bad.id)?.lastError).toEqual(expect.any(String));
    const job = await t.app.get(QueueService).queue(QueueName.Sweeps).getJob('relay-test-good');
    expect(job?.name).toBe(JobName.LeadsSweep);
  });
});
