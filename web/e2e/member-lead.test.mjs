// A member on a phone opens a lead from an enterprise's page (another team's 首报 is said, with a
// co-pursuit request instead), advances it, puts it on hold with a reason, reopens it and signs it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BASE, journey, PHONE, shot } from './helpers.mjs';

const MEMBER = ['liuhongmei', 'Member@2022'];
const ENTERPRISE = '梅花生物科技集团股份有限公司';
const RUN = Date.now().toString(36).slice(-4);

describe('member on a phone: open a lead and move it along', () => {
  let leadId;
  const j = journey({
    account: MEMBER,
    landing: '/today',
    device: PHONE,
    beforeSignIn: async () => {
      // Against a long-lived service: a request left pending by an earlier run is withdrawn.
      for (const c of (await j.api.get('/lead-claims?status=pending&limit=200')).body.items) {
        if (c.enterprise.name === ENTERPRISE && c.requestedBy.id === j.api.user.id) await j.api.post(`/lead-claims/${c.id}/withdraw`);
      }
    },
  });

  async function openEnterprise(fresh = false) {
    if (fresh) await j.page.goto(`${BASE}/enterprises`);
    else await j.page.locator('.tabbar').getByRole('link', { name: '企业' }).click();
    await j.page.waitForURL('**/enterprises');
    await j.page.getByPlaceholder('企业名称、简称或信用代码').fill('梅花生物');
    await j.page.getByPlaceholder('企业名称、简称或信用代码').press('Enter');
    await j.page.getByRole('link', { name: ENTERPRISE }).click();
    await j.page.getByTestId('enterprise-name').getByText(ENTERPRISE).waitFor();
  }

  async function chooseChain(dialog, name) {
    // Typed: the list is virtual, and a long one keeps some options out of the DOM.
    await dialog.getByLabel('产业链', { exact: true }).fill(name.slice(0, 2));
    await j.page.locator('.ant-select-item-option', { hasText: name }).click();
  }

  it("says which team reported the project first (首报首谈) and files a co-pursuit request instead", async () => {
    await openEnterprise();
    await j.page.getByTestId('open-lead').click();
    const dialog = j.page.getByRole('dialog', { name: `登记线索 · ${ENTERPRISE}` });
    await dialog.getByLabel('项目名称').fill(`梅花生物玉米深加工三期${RUN}`);
    await chooseChain(dialog, '玉米生物');
    await dialog.getByLabel('意向投资额（万元）').fill('80000');
    await dialog.getByTestId('open-lead-save').click();
    const claim = j.page.getByRole('dialog', { name: '该项目已由他队首报' });
    await claim.getByTestId('lead-collision').getByText(/「市投促中心招商二队」已首报该企业该产业链的项目（当前阶段：已签约）/).waitFor();
    await claim.getByLabel('申请理由').fill('企业拟在开鲁县建设三期，本队已两次上门对接，申请联合跟进');
    await claim.getByTestId('claim-submit').dblclick();
    await claim.getByTestId('claim-done').waitFor();
    await shot(j.page, 'member-lead-collision');
    const claims = (await j.api.get('/lead-claims?status=pending&limit=200')).body.items.filter((c) => c.enterprise.name === ENTERPRISE && c.requestedBy.id === j.api.user.id);
    assert.equal(claims.length, 1, 'one request');
    assert.equal(claims[0].kind, 'co_pursue');
    assert.equal(claims[0].holdingTeamName, '市投促中心招商二队');
    await claim.getByRole('button', { name: '知道了' }).click();
  });

  it('opens a lead, advances it, holds it with a reason, reopens and signs it', async () => {
    const title = `梅花生物热电联产项目${RUN}`;
    // A chain no team holds on this enterprise yet (玉米生物 is another team's; earlier runs took others).
    const enterpriseId = (await j.api.get(`/enterprises?q=${encodeURIComponent('梅花生物')}&limit=1`)).body.items[0].id;
    const taken = new Set((await j.api.get(`/leads?enterpriseId=${enterpriseId}&limit=200`)).body.items.map((l) => l.industryChain.name));
    const chain = ['新能源及装备制造', '现代煤化工', '绿色农畜产品生产加工', '文化旅游', '硅砂新材料', '现代中医药(蒙医药)'].find((c) => !taken.has(c));
    await openEnterprise(true);
    await j.page.getByTestId('open-lead').click();
    const dialog = j.page.getByRole('dialog', { name: `登记线索 · ${ENTERPRISE}` });
    await dialog.getByLabel('项目名称').fill(title);
    await chooseChain(dialog, chain);
    // Over four decimals: said beside the field before anything is sent.
    await dialog.getByLabel('意向投资额（万元）').fill('35000.12345');
    await dialog.getByTestId('open-lead-save').click();
    await dialog.getByText('请填写数字，最多 4 位小数，如 50000 或 1200.5').waitFor();
    await dialog.getByLabel('意向投资额（万元）').fill('35000.5');
    await dialog.getByTestId('open-lead-save').dblclick();
    await j.page.waitForURL('**/leads/*');
    leadId = j.page.url().split('/leads/')[1];
    const mine = (await j.api.get(`/leads?enterpriseId=${enterpriseId}&limit=200`)).body.items.filter((l) => l.title === title);
    assert.equal(mine.length, 1, 'a double-click opens one lead');
    await j.page.getByTestId('lead-title').getByText(title).waitFor();
    // 3.50005亿元 reads to two decimals; the exact 万元 on hover.
    await j.page.locator('.amount[title="35,000.5万元"]', { hasText: '3.5亿元' }).waitFor();

    // 今日 lists it among my active leads, and links to it.
    await j.page.locator('.tabbar').getByRole('link', { name: '今日' }).click();
    await j.page.getByTestId('my-lead').filter({ hasText: title }).click();
    await j.page.waitForURL(`**/leads/${leadId}`);

    // Forward: no reason asked.
    await j.page.getByTestId('advance').getByText('推进到「初步接洽」').waitFor();
    await j.page.getByTestId('advance').click();
    await j.page.getByTestId('lead-stage').getByText('初步接洽').waitFor();
    await j.page.getByTestId('advance').getByText('推进到「考察对接」').click();
    await j.page.getByTestId('lead-stage').getByText('考察对接').waitFor();

    // On hold: the reason dialog; an empty reason is refused beside the field.
    await j.page.getByLabel('变更阶段').selectOption({ label: '搁置' });
    const reason = j.page.getByRole('dialog', { name: '搁置线索' });
    await reason.getByRole('button', { name: /确\s*定/ }).click();
    await reason.getByText('请填写原因').waitFor();
    await reason.getByLabel('搁置原因').fill('企业年度投资计划调整，明年一季度再议');
    await reason.getByRole('button', { name: /确\s*定/ }).click();
    await reason.waitFor({ state: 'detached' });
    await j.page.getByTestId('lead-stage').getByText('搁置').waitFor();
    await j.page.getByText('搁置原因：企业年度投资计划调整，明年一季度再议').waitFor();

    // Reopen to 实质性洽谈 with a reason.
    await j.page.getByLabel('变更阶段').selectOption({ label: '实质性洽谈' });
    const reopen = j.page.getByRole('dialog', { name: '重启到「实质性洽谈」' });
    await reopen.getByLabel('重启原因').fill('企业董事会通过投资决议');
    await reopen.getByRole('button', { name: /确\s*定/ }).click();
    await j.page.getByTestId('lead-stage').getByText('实质性洽谈').waitFor();

    // Sign: the lead becomes 已签约 with the exact amount.
    await j.page.getByTestId('sign').click();
    const sign = j.page.getByRole('dialog', { name: '登记签约' });
    await sign.getByLabel('签约金额（万元）').fill('32000.25');
    await sign.getByLabel('签约各方').fill('开鲁县人民政府；梅花生物科技集团股份有限公司');
    // The lead names no 拟落地旗县区: the landing unit is asked for beside its field before anything is sent.
    await sign.getByText('线索未填拟落地旗县区，请选择').waitFor();
    await sign.getByTestId('signing-save').click();
    await sign.getByText('请选择项目落地旗县区').waitFor();
    const units = j.page.locator('.ant-select-dropdown:visible .ant-select-item-option');
    await sign.getByLabel('项目落地旗县区').click();
    await units.filter({ hasText: '市本级' }).first().waitFor();
    await sign.getByLabel('项目落地旗县区').fill('开鲁');
    await units.filter({ hasText: '开鲁县' }).click();
    await sign.getByTestId('signing-save').dblclick();
    await sign.waitFor({ state: 'detached' }).catch(async (e) => {
      // Say what the dialog says instead of only that it stayed open.
      await shot(j.page, 'member-lead-signing-stayed');
      throw new Error(`登记签约 stayed open: ${(await sign.innerText()).replace(/\s+/g, ' ')}`, { cause: e });
    });
    await j.page.getByTestId('lead-stage').getByText('已签约').waitFor();
    await j.page.locator('.amount[title="32,000.25万元"]', { hasText: '3.2亿元' }).first().waitFor();

    const lead = (await j.api.get(`/leads/${leadId}`)).body;
    assert.equal(lead.stage, 'signed');
    assert.equal(lead.signedAmount, '32000.25');
    const signings = (await j.api.get(`/leads/${leadId}/signings`)).body;
    assert.equal(signings.length, 1, 'a double-click signs once');
    assert.equal(signings[0].landingRegionUnit.name, '开鲁县');
    await j.page.locator('[data-testid="signing-landing-unit"]', { hasText: '落地：开鲁县' }).waitFor();
    const timeline = j.page.getByTestId('lead-timeline');
    await timeline.getByText('企业年度投资计划调整，明年一季度再议').waitFor();
    await timeline.getByText('搁置 → 实质性洽谈').waitFor();
    await timeline.getByText('企业董事会通过投资决议').waitFor();
    await timeline.getByText(/签约：投资协议 3\.2亿元（\d{4}年\d{1,2}月\d{1,2}日）/).waitFor();
    await shot(j.page, 'member-lead-signed', true);
  });
});
