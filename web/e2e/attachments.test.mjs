// 附件: the project's owner, a member on a phone, photographs the site and puts the photo on the
// project, sees it listed and opens it; a web page dressed as a photo is refused in Chinese. An
// admin on a laptop puts a PDF on a 对接记录 from the enterprise page and removes it again.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { apiAs, LAPTOP, launch, newPage, PHONE, shot, signIn } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];
const OWNER = ['liuhongmei', 'Member@2022'];
const PROJECT = '阜丰玉米深加工氨基酸项目';

// A 4×4 red PNG (signature, IHDR, one IDAT, IEND), written with zlib and a CRC-32 by hand.
const PHOTO = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEElEQVR4nGM4IScHRwzEcQCxYxBBO0tjggAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('附件: photos and files on projects and 对接记录', () => {
  let browser;
  let projectId;

  before(async () => {
    browser = await launch();
    const api = await apiAs(...ADMIN);
    projectId = (await api.get(`/projects?q=${encodeURIComponent(PROJECT)}&limit=1`)).body.items[0].id;
  });
  after(async () => browser?.close());

  it('owner on a phone: uploads a site photo to the project, sees it listed, opens it', async () => {
    const page = await newPage(browser, PHONE);
    await signIn(page, ...OWNER, '/today');
    await page.goto(`${page.url().replace(/\/today.*$/, '')}/projects/${projectId}`);
    const panel = page.getByTestId('attachments');
    await panel.waitFor();
    // The camera button's input asks the phone for its camera.
    assert.equal(await panel.locator('input[capture="environment"]').count(), 1);

    await panel.getByTestId('attachment-file').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: PHOTO });
    const item = panel.getByTestId('attachment').filter({ hasText: '现场照片.png' });
    await item.waitFor();
    // The thumbnail is the photo itself, fetched with the user's token.
    await page.waitForFunction(() => [...document.querySelectorAll('img.attachment-thumb')].some((img) => img.complete && img.naturalWidth === 4));

    await item.getByRole('button', { name: '查看' }).click();
    const preview = page.getByTestId('attachment-preview');
    await preview.waitFor();
    await page.waitForFunction(() => document.querySelector('[data-testid="attachment-preview"]')?.naturalWidth === 4);
    await shot(page, 'member-project-attachment');
    await page.getByRole('dialog', { name: '现场照片.png' }).getByRole('button', { name: /关闭|Close/ }).click();

    // A web page named .jpg: the service reads the bytes and says, in Chinese, what it accepts.
    await panel.getByTestId('attachment-file').setInputFiles({ name: '照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('<!doctype html><p>not a photo</p>') });
    await page.getByText(/不支持的文件类型：只能上传图片/).waitFor();
    assert.equal(await panel.getByTestId('attachment').filter({ hasText: '照片.jpg' }).count(), 0);

    const api = await apiAs(...OWNER);
    const listed = (await api.get(`/projects/${projectId}/attachments`)).body;
    assert.equal(listed.filter((a) => a.fileName === '现场照片.png' && a.contentType === 'image/png').length, 1);
    assert.deepEqual(page.errors, []);
  });

  it('admin on a laptop: a PDF on a 对接记录 from the enterprise page, then removed', async () => {
    const api = await apiAs(...ADMIN);
    const visit = (await api.get('/interactions?limit=1')).body.items[0];
    const page = await newPage(browser, LAPTOP);
    await signIn(page, ...ADMIN, '/pipeline');
    await page.goto(`${page.url().replace(/\/pipeline.*$/, '')}/enterprises/${visit.enterprise.id}`);
    await page.getByTestId('interaction-attachments-toggle').first().click();
    const panel = page.getByTestId('attachments');
    await panel.waitFor();
    await panel.getByTestId('attachment-file').setInputFiles({ name: '考察纪要.pdf', mimeType: 'application/pdf', buffer: PDF });
    const item = panel.getByTestId('attachment').filter({ hasText: '考察纪要.pdf' });
    await item.waitFor();
    await shot(page, 'admin-interaction-attachment');

    await item.getByRole('button', { name: '删除 考察纪要.pdf' }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /删\s*除/ }).click();
    await item.waitFor({ state: 'detached' });
    const [first] = (await api.get(`/enterprises/${visit.enterprise.id}/interactions?limit=1`)).body.items;
    const left = (await api.get(`/interactions/${first.id}/attachments`)).body;
    assert.equal(left.filter((a) => a.fileName === '考察纪要.pdf').length, 0);

    // The link in 记录对接's saved message opens the new record's panel directly.
    await page.goto(`${page.url().split('/enterprises/')[0]}/enterprises/${visit.enterprise.id}?attachments=${first.id}`);
    await page.getByTestId('attachments').getByRole('button', { name: '上传文件' }).waitFor();
    assert.deepEqual(page.errors, []);
  });
});
