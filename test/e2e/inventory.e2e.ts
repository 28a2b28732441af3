/**
 * Browser journey of the feasibility workflow against the real server (PGlite in a temp folder):
 * a manager asks whether a server can be given to a client; the tech department answers
 * "feasible" with a hold on a server; the manager sees the answer; the rack elevation and the
 * capacity dashboard show the result. Screenshots go to test-results/screenshots/inventory-NN-*.png
 * (see harness.ts).
 *
 * RACKDESK_E2E_BASE_URL runs the journey against an already running server instead
 * (then RACKDESK_ADMIN_EMAIL / RACKDESK_ADMIN_PASSWORD must be that server's admin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { legalEntity } from '../helpers/factories.ts';
import { startJourney, textOf, type Journey } from './harness.ts';

let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'inventory', external: true }); });
afterAll(async () => { await j?.close(); });

const login = (email: string, password: string) => j.login(email, password, '/#/feasibility');

describe('feasibility journey in the browser', () => {
  const stamp = Date.now().toString(36);
  const pwd = 'e2e-inventory-password';
  const managerEmail = `manager.${stamp}@rackdesk.test`;
  const techEmail = `tech.${stamp}@rackdesk.test`;
  let siteCode = '';
  let rackId = '';
  let companyName = '';
  const supplierName = `Железо в лизинг ${stamp}`;

  it('manager asks → tech answers with a hold → manager sees it; rack and capacity show it', async () => {
    const { page, step, logout, api: rest, pageErrors } = j;
    await step('00-setup', async () => {
      const token = await j.apiToken();
      await rest(token, 'POST', '/users', { email: managerEmail, fullName: 'Мария Менеджерова', role: 'manager', password: pwd });
      await rest(token, 'POST', '/users', { email: techEmail, fullName: 'Тимур Техников', role: 'tech', password: pwd });
      siteCode = `E2E${stamp.slice(-6).toUpperCase()}`;
      const site = await rest<{ id: string }>(token, 'POST', '/sites', { code: siteCode, name: 'ЦОД Медведково', kind: 'data_center', address: 'Москва' });
      const rack = await rest<{ id: string }>(token, 'POST', '/racks', { siteId: site.id, name: 'A-01', units: 42, powerAW: 6000, powerBW: 6000 });
      rackId = rack.id;
      await rest(token, 'POST', '/equipment', { kind: 'switch', model: 'Cisco Catalyst 9300', serial: `SW-${stamp}`, rackId, uFrom: 42, uHeight: 1 });
      await rest(token, 'POST', '/equipment', { kind: 'server', model: 'Dell PowerEdge R650', serial: `SRV-${stamp}`, cpu: '2× Xeon Silver 4314', cpuCores: 32, ramGb: 256, disks: '2× 1.92 TB NVMe', rackId, uFrom: 10, uHeight: 1 });
      await rest(token, 'POST', '/equipment', { kind: 'server', model: 'Supermicro 1029P', serial: `SRV2-${stamp}`, cpuCores: 16, ramGb: 64, rackId, uFrom: 12, uHeight: 1 });
      await rest(token, 'POST', '/allocations', { target: { resource: 'rack_units', rackId, uFrom: 20, uHeight: 4, powerAW: 1200, powerBW: 1200 }, assignedKind: 'project', assignedRef: 'Резерв под расширение' });
      await rest(token, 'POST', '/ip-prefixes', { siteId: site.id, prefix: '198.51.100.0/24', pool: 'public' });
      const co = legal();
      companyName = co.name;
      await rest(token, 'POST', '/companies', co);
      await rest(token, 'POST', '/companies', legalEntity({ name: supplierName, roles: ['supplier'] }));
    });

    await step('01-manager-asks', async () => {
      await login(managerEmail, pwd);
      await page.getByTestId('feas-form').waitFor();
      await page.getByTestId('feas-company').fill(companyName);
      await page.getByTestId('feas-form').getByTestId('picker-option').filter({ hasText: companyName }).first().click();
      await page.getByTestId('feas-kind').selectOption('dedicated');
      await page.getByTestId('feas-site').selectOption({ label: `${siteCode} — ЦОД Медведково` });
      // The request form is generated from the dedicated-server vocabulary.
      const params: Record<string, string> = { cpuModel: 'Xeon Gold 6338', cores: '32', ramGb: '256', disks: '2×960 ГБ SSD', uplinkMbps: '1000', ipv4: '2' };
      for (const [k, v] of Object.entries(params)) await page.getByTestId(`feas-param-${k}`).fill(v);
      await page.getByTestId('feas-submit').click();
      const row = page.getByTestId('feas-row').filter({ hasText: companyName });
      await row.waitFor();
      expect(await row.getByTestId('feas-answer').textContent()).toContain('ждёт ответа');
    });

    await step('02-tech-queue', async () => {
      await logout();
      await login(techEmail, pwd);
      const row = page.getByTestId('feas-row').filter({ hasText: companyName });
      await row.waitFor();
      await row.getByTestId('feas-answer-open').click();
      await page.getByTestId('answer-form').waitFor();
      await page.getByTestId('ans-outcome').selectOption('feasible');
      await page.getByTestId('ans-lead').fill('3');
      await page.getByTestId('ans-hold').locator('option', { hasText: `SRV-${stamp}` }).waitFor({ state: 'attached' });
      await page.getByTestId('ans-hold').selectOption({ label: `Dell PowerEdge R650 · SRV-${stamp} · 32c/256G` });
    });

    await step('03-tech-answered', async () => {
      await page.getByTestId('ans-submit').click();
      await page.getByTestId('answer-form').waitFor({ state: 'detached' });
      // An answered request leaves the open queue; the filter shows it among the answered ones.
      await page.getByTestId('feas-filter').selectOption('answered');
      const row = page.getByTestId('feas-row').filter({ hasText: companyName });
      expect(await textOf(row.getByTestId('feas-answer'), 'реализуемо')).toContain('срок 3 раб. дн.');
    });

    await step('04-rack-elevation', async () => {
      await page.getByTestId('nav-inventory').click();
      await page.getByTestId('inv-site').selectOption({ label: `${siteCode} — ЦОД Медведково` });
      await page.getByTestId('rack-elevation').waitFor();
      expect(await page.getByTestId('rack-free').textContent()).toContain('35');
      // The server put on hold by the answer is outlined as held.
      await page.getByTestId('rack-device-held').first().waitFor(); // drawn on the front and the rear face
      expect(await page.getByTestId('prefix-table').textContent()).toContain('198.51.100.0/24');
    });

    await step('04a-equipment-register', async () => {
      await page.getByTestId('nav-equipment').click();
      await page.getByTestId('eq-table').waitFor();
      await page.getByTestId('eq-row').filter({ hasText: `SRV-${stamp}` }).waitFor();
      await page.getByTestId('eq-new').click();
      await page.getByTestId('eq-form').waitFor();
      await page.getByTestId('eq-kind').selectOption('server');
      await page.getByTestId('eq-model').fill('HPE ProLiant DL360 Gen11');
      await page.getByTestId('eq-serial').fill(`LEASE-${stamp}`);
      await page.getByTestId('eq-site').selectOption({ label: `${siteCode} — ЦОД Медведково` });
      await page.getByTestId('eq-rack').locator('option', { hasText: 'A-01' }).waitFor({ state: 'attached' });
      await page.getByTestId('eq-rack').selectOption({ label: 'A-01' });
      await page.getByTestId('eq-ufrom').fill('30');
      await page.getByTestId('eq-uheight').fill('1');
      await page.getByTestId('eq-owner').selectOption('supplier');
      await page.getByTestId('eq-owner-company').fill(supplierName);
      await page.getByTestId('picker-option').filter({ hasText: supplierName }).first().click();
      await page.getByTestId('eq-paid-off').fill('2027-12-31');
      await page.getByTestId('eq-project').fill('Расширение 2027');
    });

    await step('04b-equipment-created', async () => {
      await page.getByTestId('eq-save').click();
      await page.getByTestId('eq-form').waitFor({ state: 'detached' });
      await page.getByTestId('eq-filter-owner').selectOption('supplier');
      const row = page.getByTestId('eq-row').filter({ hasText: `LEASE-${stamp}` });
      await row.waitFor();
      expect(await row.getByTestId('eq-cell-owner').textContent()).toContain(`поставщик до выкупа: ${supplierName} · до 31.12.2027`);
      expect(await row.getByTestId('eq-cell-location').textContent()).toContain('A-01 · U30');
      expect(await row.getByTestId('eq-cell-assignment').textContent()).toContain('Расширение 2027');
      // The filter hides our own servers.
      await expect.poll(() => page.getByTestId('eq-row').filter({ hasText: `SRV-${stamp}` }).count(), { timeout: 15_000 }).toBe(0);
    });

    await step('04c-import-bad-line', async () => {
      await page.getByTestId('nav-inventory-import').click();
      await page.getByTestId('imp-kind').selectOption('equipment');
      const csv = `kind,model,serial,site\nserver,Dell PowerEdge R750,IMP1-${stamp},${siteCode}\ntoaster,Bork T-800,IMP2-${stamp},${siteCode}\n`;
      await page.getByTestId('imp-file').setInputFiles({ name: 'equipment.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByTestId('imp-submit').click();
      const errors = page.getByTestId('imp-errors');
      await errors.waitFor();
      expect(await page.getByTestId('imp-error').first().textContent()).toMatch(/^Строка 3, столбец «kind»: /);
    });

    await step('04d-import-fixed', async () => {
      const csv = `kind,model,serial,site\nserver,Dell PowerEdge R750,IMP1-${stamp},${siteCode}\nother,Bork T-800,IMP2-${stamp},${siteCode}\n`;
      await page.getByTestId('imp-file').setInputFiles({ name: 'equipment.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await page.getByTestId('imp-submit').click();
      expect(await textOf(page.getByTestId('imp-created'), '2')).toContain('2');
      await page.getByTestId('nav-equipment').click();
      await page.getByTestId('eq-row').filter({ hasText: `IMP1-${stamp}` }).waitFor();
      expect(await page.getByTestId('eq-row').filter({ hasText: `IMP2-${stamp}` }).getByTestId('eq-cell-location').textContent()).toContain('склад');
    });

    await step('05-manager-sees-answer', async () => {
      await logout();
      await login(managerEmail, pwd);
      const row = page.getByTestId('feas-row').filter({ hasText: companyName });
      expect(await textOf(row.getByTestId('feas-answer'), 'реализуемо')).toContain('реализуемо');
      expect(await row.textContent()).toContain('отвечен');
    });

    await step('06-capacity', async () => {
      await page.getByTestId('nav-capacity').click();
      await page.getByTestId('forecast-table').waitFor();
      expect(await page.getByTestId('forecast-table').textContent()).toContain('серверы');
    });
    expect(pageErrors).toEqual([]);
  });

  it('equipment card edit: a move to free units shows in the rack picture; taken units are refused in Russian by name, nothing changes', async () => {
    const { page, step, api: rest, pageErrors } = j;
    const tag = `${Date.now().toString(36)}m`;
    const email = `tech.${tag}@rackdesk.test`;
    const code = `MV${tag.slice(-6).toUpperCase()}`;
    let token = '';
    let unitId = '';
    let rackA = '';
    const history = () => rest<{ equipment: { rackId: string | null; uFrom: number | null; status: string } }>(token, 'GET', `/equipment/${unitId}/history`);
    const rowAt = (units: string) => page.getByTestId('rack-row').filter({ hasText: units });

    await step('07-edit-setup', async () => {
      token = await j.apiToken();
      await rest(token, 'POST', '/users', { email, fullName: 'Тимофей Стоечный', role: 'tech', password: pwd });
      const site = await rest<{ id: string }>(token, 'POST', '/sites', { code, name: 'ЦОД Нагатино', kind: 'data_center', address: 'Москва' });
      rackA = (await rest<{ id: string }>(token, 'POST', '/racks', { siteId: site.id, name: 'C-01', units: 42, powerAW: 5000, powerBW: 5000 })).id;
      const rackB = await rest<{ id: string }>(token, 'POST', '/racks', { siteId: site.id, name: 'C-02', units: 42, powerAW: 5000, powerBW: 5000 });
      unitId = (await rest<{ id: string }>(token, 'POST', '/equipment', { kind: 'server', model: 'HPE DL360', serial: `MOV-${tag}`, rackId: rackA, uFrom: 5, uHeight: 1 })).id;
      await rest(token, 'POST', '/equipment', { kind: 'router', model: 'Juniper MX204', serial: `JN-${tag}`, rackId: rackB.id, uFrom: 10, uHeight: 2 });
      await j.login(email, pwd, `/#/equipment/${unitId}`);
      await textOf(page.getByTestId('eq-card-location'), 'C-01');
    });

    await step('08-edit-move-within-rack', async () => {
      await page.getByTestId('eq-edit').click();
      await page.getByTestId('eq-edit-form').waitFor();
      await page.getByTestId('eqe-ufrom').fill('8');
      await page.getByTestId('eqe-status').selectOption('repair');
      await page.getByTestId('eqe-reason').fill('освободить место под коммутатор');
      await page.getByTestId('eqe-submit').click();
      await page.getByTestId('eq-edit-form').waitFor({ state: 'detached' });
      expect(await textOf(page.getByTestId('eq-card-location'), 'U8')).toContain('C-01 · U8');
      expect(await page.getByTestId('eq-card-status').textContent()).toContain('в ремонте');
      // The card's history: the released U5 and the new U8, and the edit with its reason.
      const change = await textOf(page.getByTestId('equipment-change').first(), 'расположение');
      expect(change).toContain('расположение: C-01 · U5 → C-01 · U8');
      expect(change).toContain('статус: в работе → в ремонте');
      expect(change).toContain('освободить место под коммутатор');
      expect(await page.getByTestId('equipment-history').textContent()).toContain('C-01 · U8');
      await page.getByTestId('nav-inventory').click();
      await page.getByTestId('inv-site').selectOption({ label: `${code} — ЦОД Нагатино` });
      await page.getByTestId('rack-item').filter({ hasText: 'C-01' }).click();
      await textOf(page.getByTestId('rack-elevation'), 'C-01');
      expect(await textOf(rowAt('U8'), 'HPE DL360')).toContain(`MOV-${tag}`);
      expect(await rowAt('U5').count()).toBe(0);
    });

    await step('09-edit-taken-units-refused', async () => {
      await page.getByTestId('rack-contents').getByRole('link', { name: /HPE DL360/ }).click();
      await page.getByTestId('eq-edit').click();
      await page.getByTestId('eq-edit-form').waitFor();
      await page.getByTestId('eqe-rack').selectOption({ label: 'C-02' });
      await page.getByTestId('eqe-ufrom').fill('11');
      await page.getByTestId('eqe-submit').click();
      // Another rack: asked first.
      expect(await textOf(page.getByTestId('confirm-text'), 'C-02')).toContain('U11');
      await page.getByTestId('confirm-yes').click();
      const err = page.getByTestId('eq-edit-form').locator('.has-error');
      expect(await textOf(err, 'заняты')).toContain(`В стойке C-02 юниты U10–11 заняты: Juniper MX204 JN-${tag}`);
      expect(await history()).toMatchObject({ equipment: { rackId: rackA, uFrom: 8, status: 'repair' } });
    });

    await step('10-edit-move-to-other-rack', async () => {
      await page.getByTestId('eqe-ufrom').fill('20');
      await page.getByTestId('eqe-submit').click();
      await page.getByTestId('confirm-yes').click();
      await page.getByTestId('eq-edit-form').waitFor({ state: 'detached' });
      expect(await textOf(page.getByTestId('eq-card-location'), 'C-02')).toContain('C-02 · U20');
      expect(await page.getByTestId('equipment-change').first().textContent()).toContain('C-01 · U8 → C-02 · U20');
    });
    expect(pageErrors).toEqual([]);
  });
});

function legal() {
  // A valid ИНН/КПП/ОГРН set, unique enough for a fresh database.
  return { kind: 'legal', legalForm: 'ООО', name: `ООО «Ромашка ${Date.now().toString(36)}»`, inn: '7736207543', kpp: '773601001', ogrn: '1027700229193', roles: ['client'] };
}
