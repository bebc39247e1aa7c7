// A county leader on a laptop: drags a lead across stages, gives the reason, meets a concurrent move.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { journey, shot } from './helpers.mjs';

const MANAGER = ['manager-city', 'Manager@2022'];

describe('manager: pipeline kanban', () => {
  const j = journey({ account: MANAGER, landing: '/pipeline' });

  before(async () => {
    await j.page.getByTestId('lead-card').first().waitFor();
  });

  it('moves a card forward by dragging it, without a reason', async () => {
    const card = j.page.getByTestId('column-lead').getByTestId('lead-card').first();
    const id = await card.getAttribute('data-lead-id');
    await card.dragTo(j.page.getByTestId('column-contacted'));
    await j.page.getByTestId('column-contacted').locator(`[data-lead-id="${id}"]`).waitFor();
    assert.equal((await j.api.get(`/leads/${id}`)).body.stage, 'contacted');
  });

  it('asks the reason for a move back, and records it', async () => {
    const card = j.page.getByTestId('column-negotiating').getByTestId('lead-card').first();
    const id = await card.getAttribute('data-lead-id');
    await card.dragTo(j.page.getByTestId('column-site_visit'));
    const dialog = j.page.getByRole('dialog', { name: '退回到「考察对接」' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await dialog.getByText('请填写原因').waitFor();
    await dialog.getByLabel('退回原因').fill('企业董事会推迟投资决策，需重新考察');
    await dialog.getByText('请填写原因').waitFor({ state: 'detached' });
    await shot(j.page, 'pipeline-reason');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await j.page.getByTestId('column-site_visit').locator(`[data-lead-id="${id}"]`).waitFor();
    const lead = (await j.api.get(`/leads/${id}`)).body;
    assert.equal(lead.stage, 'site_visit');
  });

  it('says so and reloads the board when someone else moved the lead first (409)', async () => {
    const card = j.page.getByTestId('column-site_visit').getByTestId('lead-card').last();
    const id = await card.getAttribute('data-lead-id');
    const lead = (await j.api.get(`/leads/${id}`)).body;
    // Someone else moves it on to 实质性洽谈 while this board still shows it under 考察对接.
    assert.equal((await j.api.post(`/leads/${id}/transitions`, { to: 'negotiating', version: lead.version })).status, 200);
    await card.dragTo(j.page.getByTestId('column-contacted'));
    await j.page.getByRole('dialog', { name: '退回到「初步接洽」' }).getByLabel('退回原因').fill('按企业要求重新接洽');
    await j.page.getByRole('dialog').getByRole('button', { name: /确\s*定/ }).click();
    await j.page.getByText('线索已被他人修改，请刷新后重试：看板已刷新').waitFor();
    await j.page.getByTestId('column-negotiating').locator(`[data-lead-id="${id}"]`).waitFor();
    assert.equal((await j.api.get(`/leads/${id}`)).body.stage, 'negotiating');
    await shot(j.page, 'pipeline-after-conflict');
  });
});
