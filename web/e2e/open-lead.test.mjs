// Issue 17: from the board a manager reaches the lead itself (its timeline, 登记签约) — the cards
// used to lead nowhere. (闲置线索 and 撞单裁定 rows link to the lead too; the demo has no idle lead
// or pending claim to click through.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { journey } from './helpers.mjs';

const ADMIN = ['admin-zsj', 'Admin@2022'];

describe('opening a lead from the board', () => {
  const j = journey({ account: ADMIN, landing: '/pipeline', api: false });

  it('opens the lead page from a board card; the card stays draggable, the link inside it does not drag', async () => {
    const card = j.page.getByTestId('lead-card').first();
    await card.waitFor();
    const id = await card.getAttribute('data-lead-id');
    const link = card.locator('a.board-card-link');
    const title = (await link.innerText()).trim();
    assert.equal(await link.getAttribute('draggable'), 'false');
    assert.equal(await card.getAttribute('draggable'), 'true');
    await link.click();
    await j.page.waitForURL(`**/leads/${id}`);
    assert.equal((await j.page.getByTestId('lead-title').innerText()).includes(title), true);
    await j.page.goBack();
    await j.page.waitForURL('**/pipeline');
  });
});
