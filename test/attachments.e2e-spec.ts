import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { CrmFactory, dayOffset, expectAppError } from './harness/crm-factories';
import { Factory } from './harness/factories';
import { ProjectFactory, RegistryClient } from './harness/project-factories';
import { createTestApp, TestApp } from './harness/test-app';

/**
 * Attachments (issue 17): photos and files on 对接记录 and projects, kept on the disk or in an
 * S3-compatible bucket (here a stub S3 server on loopback: the only thing that would leave the
 * machine), typed by their bytes, bounded in size, scoped like their record.
 */

// Files made by hand. A 1×1 PNG (its signature, IHDR, IDAT and IEND chunks).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
// A JPEG's SOI + APP0 (JFIF) marker, then filler: the type is what the first bytes say.
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF\0'), Buffer.alloc(200, 7)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const HTML = Buffer.from('<!doctype html><script>alert(1)</script>');
/** A zip's local-header signature and nothing an Office file holds. */
const NOT_OFFICE = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 1)]);

/** 现场照片 in UTF-8, percent-encoded by hand: 现 E7 8E B0, 场 E5 9C BA, 照 E7 85 A7, 片 E7 89 87. */
const PHOTO_NAME = '现场照片.png';
const PHOTO_NAME_RFC5987 = '%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function xlsxFile(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('项目').addRow(['项目名称', '总投资（万元）']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** supertest collects binary bodies only when told to. */
const binary = (res: IncomingMessage, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

type Org = Awaited<ReturnType<CrmFactory['org']>>;

/** The scene both storages are tried on: team A's project (owned by memberA) and memberA's visit. */
async function scene(t: TestApp) {
  const p = new ProjectFactory(t, new Factory(t));
  const org: Org = await p.crm.org();
  const project = await p.project({ teamId: org.teamA.id, ownerUserId: org.memberA.id, regionUnitId: org.countyX.id });
  const enterprise = await p.crm.enterprise();
  const interaction = await p.crm.interaction(org.memberA, { enterpriseId: enterprise.id, occurredAt: dayOffset(-1) });
  const as = async (who: keyof Org) => p.as(org[who] as never);
  return { p, org, project, interaction, as };
}

const upload = (client: RegistryClient, path: string, content: Buffer, name: string, contentType = 'application/octet-stream') =>
  client.post(path).attach('file', content, { filename: name, contentType });

describe('attachments on the disk', () => {
  let t: TestApp;
  let dir: string;
  let s: Awaited<ReturnType<typeof scene>>;
  let memberA: RegistryClient;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'crm-attachments-'));
    t = await createTestApp({ ATTACHMENTS_DIR: dir, ATTACHMENT_MAX_MB: '1' });
    s = await scene(t);
    memberA = await s.as('memberA');
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a member puts a site photo on their project: typed by its bytes, listed, opened inline under its Chinese name, audited', async () => {
    const res = await upload(memberA, `/projects/${s.project.id}/attachments`, PNG, PHOTO_NAME).field('note', '现场照片');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: PHOTO_NAME, contentType: 'image/png', sizeBytes: PNG.length, isImage: true, note: '现场照片', projectId: s.project.id, interactionId: null, canDelete: true });

    const list = await memberA.get(`/projects/${s.project.id}/attachments`);
    expect(list.status).toBe(200);
    expect(list.body.map((a: { id: string }) => a.id)).toEqual([res.body.id]);

    const file = await memberA.get(`/attachments/${res.body.id}/content`).buffer(true).parse(binary as never);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.headers['content-disposition']).toBe(`inline; filename="____.png"; filename*=UTF-8''${PHOTO_NAME_RFC5987}`);
    expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);

    const saved = await memberA.get(`/attachments/${res.body.id}/content`).query({ download: 'true' });
    expect(saved.headers['content-disposition']).toMatch(/^attachment; /);

    // The bytes are one file under ATTACHMENTS_DIR/<year>/<month>/.
    const [row] = await t.db.query('SELECT storage, storage_key, sha256 FROM attachments WHERE id = $1', [res.body.id]);
    expect(row.storage).toBe('disk');
    expect(statSync(join(dir, row.storage_key)).size).toBe(PNG.length);
    expect(row.sha256).toBe(createHash('sha256').update(PNG).digest('hex'));

    const [entry] = await s.p.crm.audit('attachment', res.body.id);
    expect(entry).toMatchObject({ action: 'create', actorId: s.org.memberA.id });
  });

  it('photos, PDFs and spreadsheets on a 对接记录; the type is read from the bytes, never the client’s claim', async () => {
    const path = `/interactions/${s.interaction.id}/attachments`;
    const jpeg = await upload(memberA, path, JPEG, 'IMG_0001.JPG', 'application/octet-stream');
    expect(jpeg.body).toMatchObject({ contentType: 'image/jpeg', isImage: true, interactionId: s.interaction.id });
    const pdf = await upload(memberA, path, PDF, '考察纪要.pdf');
    expect(pdf.body.contentType).toBe('application/pdf');
    const sheet = await upload(memberA, path, await xlsxFile(), '项目表.xlsx', 'text/plain');
    expect(sheet.body).toMatchObject({ contentType: XLSX_TYPE, isImage: false });
    const download = await memberA.get(`/attachments/${sheet.body.id}/content`);
    expect(download.headers['content-disposition']).toMatch(/^attachment; /);

    // A web page dressed as a photo, a zip dressed as a Word file: refused, in Chinese, naming the field.
    const html = await upload(memberA, path, HTML, 'photo.jpg', 'image/jpeg');
    expectAppError(html, 415, 'ATTACHMENT_TYPE_REFUSED', 'file');
    expect(html.body.message).toContain('只能上传图片');
    expectAppError(await upload(memberA, path, NOT_OFFICE, '合同.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'), 415, 'ATTACHMENT_TYPE_REFUSED', 'file');

    const list = await memberA.get(path);
    expect(list.body.map((a: { fileName: string }) => a.fileName)).toEqual(['项目表.xlsx', '考察纪要.pdf', 'IMG_0001.JPG']);
  });

  it('limits: size (413 with the limit in Chinese), empty, missing, another field, unknown form fields', async () => {
    const path = `/projects/${s.project.id}/attachments`;
    const big = Buffer.concat([PNG, Buffer.alloc(1024 * 1024)]);
    const tooBig = await upload(memberA, path, big, 'big.png');
    expectAppError(tooBig, 413, 'ATTACHMENT_TOO_LARGE');
    expect(tooBig.body.message).toBe('文件超过 1 MB，请压缩后再上传');

    expectAppError(await upload(memberA, path, Buffer.alloc(0), 'empty.png'), 400, 'ATTACHMENT_FILE_EMPTY', 'file');
    expectAppError(await memberA.post(path).field('note', '无文件'), 400, 'ATTACHMENT_FILE_MISSING', 'file');
    expectAppError(await memberA.post(path).attach('photo', PNG, 'a.png'), 400, 'ATTACHMENT_FILE_FIELD');
    expectAppError(await upload(memberA, path, PNG, 'a.png').field('teamId', s.org.teamC.id), 400, 'VALIDATION_FAILED', 'teamId');
    expectAppError(await upload(memberA, path, PNG, 'a.png').field('note', '长'.repeat(201)), 400, 'VALIDATION_FAILED', 'note');

    // A broken multipart body, and JSON where a form is due: the client's error, never a 5xx.
    const broken = await memberA.post(path).set('Content-Type', 'multipart/form-data; boundary=x').send('--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc');
    expect(broken.status).toBeGreaterThanOrEqual(400);
    expect(broken.status).toBeLessThan(500);
    expectAppError(await memberA.post(path).send({ file: 'x' }), 400, 'VALIDATION_FAILED', 'file');

    // None of the refused uploads left a file behind.
    const [{ count }] = await t.db.query('SELECT count(*)::int AS count FROM attachments WHERE project_id = $1', [s.project.id]);
    expect(count).toBe(1);
  });

  it('scope: outside the record’s scope its attachments do not exist (404), for reading, adding and removing', async () => {
    const [photo] = (await memberA.get(`/projects/${s.project.id}/attachments`)).body;
    for (const who of ['memberB', 'memberC'] as const) {
      const other = await s.as(who);
      expectAppError(await other.get(`/projects/${s.project.id}/attachments`), 404, 'NOT_FOUND');
      expectAppError(await other.get(`/interactions/${s.interaction.id}/attachments`), 404, 'NOT_FOUND');
      expectAppError(await upload(other, `/projects/${s.project.id}/attachments`, PNG, 'x.png'), 404, 'NOT_FOUND');
      expectAppError(await other.get(`/attachments/${photo.id}/content`), 404, 'NOT_FOUND');
      expectAppError(await other.delete(`/attachments/${photo.id}`), 404, 'NOT_FOUND');
    }
    // The manager of county X sees team A's records and their files.
    const managerX = await s.as('managerX');
    const seen = await managerX.get(`/projects/${s.project.id}/attachments`);
    expect(seen.status).toBe(200);
    expect(seen.body[0]).toMatchObject({ id: photo.id, canDelete: true });
    expectAppError(await managerX.get(`/attachments/00000000-0000-4000-8000-000000000000/content`), 404, 'NOT_FOUND');
    expectAppError(await managerX.get('/attachments/not-an-id/content'), 400, 'VALIDATION_FAILED', 'id');
  });

  it('removing: a teammate may not remove another’s file (403); the manager above may; the bytes go with it', async () => {
    const path = `/interactions/${s.interaction.id}/attachments`;
    const photo = (await upload(memberA, path, PNG, '门头.png')).body;
    const teammate = await s.as('memberA2');
    const seenByTeammate = (await teammate.get(path)).body.find((a: { id: string }) => a.id === photo.id);
    expect(seenByTeammate.canDelete).toBe(false);
    expectAppError(await teammate.delete(`/attachments/${photo.id}`), 403, 'ATTACHMENT_DELETE_FORBIDDEN');

    const [row] = await t.db.query('SELECT storage_key FROM attachments WHERE id = $1', [photo.id]);
    expect(existsSync(join(dir, row.storage_key))).toBe(true);
    const managerX = await s.as('managerX');
    expect((await managerX.delete(`/attachments/${photo.id}`)).status).toBe(204);
    expect(existsSync(join(dir, row.storage_key))).toBe(false);
    expectAppError(await memberA.get(`/attachments/${photo.id}/content`), 404, 'NOT_FOUND');
    const entries = await s.p.crm.audit('attachment', photo.id);
    expect(entries.map((e) => [e.action, e.actorId])).toEqual([
      ['create', s.org.memberA.id],
      ['delete', s.org.managerX.id],
    ]);
  });

  it('a deleted 对接记录 takes its attachments out of sight (404)', async () => {
    const enterprise = await s.p.crm.enterprise();
    const visit = await s.p.crm.interaction(s.org.memberA, { enterpriseId: enterprise.id });
    const photo = (await upload(memberA, `/interactions/${visit.id}/attachments`, PNG, 'a.png')).body;
    expect((await memberA.delete(`/interactions/${visit.id}`)).status).toBe(204);
    expectAppError(await memberA.get(`/attachments/${photo.id}/content`), 404, 'NOT_FOUND');
    expectAppError(await memberA.get(`/interactions/${visit.id}/attachments`), 404, 'NOT_FOUND');
  });

  it('the temp folder keeps nothing of the uploads', () => {
    const left = readdirSync(join(tmpdir(), 'zhaoshang-imports', String(process.pid)));
    expect(left).toEqual([]);
  });
});

/** A stub of S3's object API (path-style): PUT, GET, DELETE on /bucket/key, kept in a Map. */
class StubS3 {
  readonly objects = new Map<string, { body: Buffer; contentType: string | undefined }>();
  readonly requests: Array<{ method: string; path: string; signed: boolean }> = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const path = decodeURIComponent((req.url ?? '').split('?')[0] as string);
        this.requests.push({ method: req.method as string, path, signed: /^AWS4-HMAC-SHA256 Credential=stub-key\//.test(req.headers.authorization ?? '') });
        const found = this.objects.get(path);
        if (req.method === 'PUT') {
          this.objects.set(path, { body: Buffer.concat(chunks), contentType: req.headers['content-type'] });
          res.writeHead(200, { ETag: '"stub"' }).end();
        } else if (req.method === 'GET' && found) {
          res.writeHead(200, { 'Content-Type': found.contentType ?? 'application/octet-stream', 'Content-Length': found.body.length }).end(found.body);
        } else if (req.method === 'DELETE') {
          this.objects.delete(path);
          res.writeHead(204).end();
        } else {
          res.writeHead(404, { 'Content-Type': 'application/xml' }).end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

describe('attachments in S3-compatible object storage', () => {
  let t: TestApp;
  let dir: string;
  const s3 = new StubS3();
  let s: Awaited<ReturnType<typeof scene>>;
  let memberA: RegistryClient;

  beforeAll(async () => {
    const endpoint = await s3.start();
    dir = mkdtempSync(join(tmpdir(), 'crm-attachments-'));
    t = await createTestApp({ ATTACHMENTS_DIR: dir, S3_BUCKET: 'crm-files', S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: 'stub-key', S3_SECRET_ACCESS_KEY: 'stub-secret', S3_KEY_PREFIX: 'tongliao/' });
    s = await scene(t);
    memberA = await s.as('memberA');
  });
  afterAll(async () => {
    await t.close();
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('uploads as a signed PUT into the bucket, reads it back, and deletes it', async () => {
    const res = await upload(memberA, `/projects/${s.project.id}/attachments`, PNG, PHOTO_NAME);
    expect(res.status).toBe(201);
    const [row] = await t.db.query('SELECT storage, storage_key FROM attachments WHERE id = $1', [res.body.id]);
    expect(row.storage).toBe('s3');
    const objectPath = `/crm-files/tongliao/${row.storage_key}`;
    expect(s3.objects.get(objectPath)?.contentType).toBe('image/png');
    expect(Buffer.compare(s3.objects.get(objectPath)?.body as Buffer, PNG)).toBe(0);
    expect(s3.requests.find((r) => r.method === 'PUT' && r.path === objectPath)?.signed).toBe(true);

    const file = await memberA.get(`/attachments/${res.body.id}/content`).buffer(true).parse(binary as never);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(file.body as Buffer, PNG)).toBe(0);

    expectAppError(await (await s.as('memberC')).get(`/attachments/${res.body.id}/content`), 404, 'NOT_FOUND');

    expect((await memberA.delete(`/attachments/${res.body.id}`)).status).toBe(204);
    expect(s3.objects.has(objectPath)).toBe(false);
  });

  it('bytes lost from the bucket: a 404 saying so, not a 500', async () => {
    const res = await upload(memberA, `/interactions/${s.interaction.id}/attachments`, JPEG, 'a.jpg');
    const [row] = await t.db.query('SELECT storage_key FROM attachments WHERE id = $1', [res.body.id]);
    s3.objects.delete(`/crm-files/tongliao/${row.storage_key}`);
    const lost: Response = await memberA.get(`/attachments/${res.body.id}/content`);
    expectAppError(lost, 404, 'ATTACHMENT_CONTENT_MISSING');
  });

  it('files kept on the disk before the move to S3 are still served from the disk', async () => {
    mkdirSync(join(dir, '2025', '03'), { recursive: true });
    writeFileSync(join(dir, '2025', '03', 'earlier'), PDF);
    const [row] = await t.db.query(
      `INSERT INTO attachments (project_id, file_name, content_type, size_bytes, sha256, storage, storage_key, uploaded_by_id)
       VALUES ($1, '投资协议.pdf', 'application/pdf', $2, $3, 'disk', '2025/03/earlier', $4) RETURNING id`,
      [s.project.id, PDF.length, createHash('sha256').update(PDF).digest('hex'), s.org.memberA.id],
    );
    const file = await memberA.get(`/attachments/${row.id}/content`).buffer(true).parse(binary as never);
    expect(file.status).toBe(200);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
    expect(s3.requests.some((r) => r.path.endsWith('2025/03/earlier'))).toBe(false);
  });
});
