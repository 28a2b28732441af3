/**
 * The order chain's ends on the demo provider, in Russian: the clients' satisfaction answers with the low
 * score flagged, the pipeline board's locked «Выиграна» column (a deal is won only by a proposal's
 * acceptance, never moved there by keyboard or drag), and management cancelling a handed-off order that
 * waits for its initial payment: the order reads cancelled and its invoice asks for nothing.
 * Screenshots: test-results/screenshots/orders-demo-NN-*.png (see harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startJourney, textOf, type Journey } from './harness.ts';

const DEMO_PASSWORD = 'demo-journey-2026';
let j: Journey;
beforeAll(async () => { j = await startJourney({ name: 'orders-demo', env: { RACKDESK_DEMO: '1', RACKDESK_JOBS: '0', RACKDESK_DEMO_PASSWORD: DEMO_PASSWORD } }); });
afterAll(async () => { await j?.close(); });

type Deal = { id: string; title: string; stage: string; outcome: string };
type OrderItem = { id: string; number: string; status: string; provisioning: string | null };

describe('satisfaction answers, the locked won column, cancelling a handed-off order', () => {
  it('shows the low score flagged, refuses a move into won with the reason, cancels an unpaid handed-off order', async () => {
    const { page, step, pageErrors } = j;
    const director = await j.apiToken('director@rackdesk.local', DEMO_PASSWORD);

    await step('01-surveys', async () => {
      await j.login('director@rackdesk.local', DEMO_PASSWORD, '/#/surveys');
      await page.getByTestId('surveys-table').waitFor();
      expect(await page.getByTestId('survey-row').count()).toBe(2);
      const low = page.locator('[data-testid="survey-row"][data-low="true"]');
      expect(await low.count()).toBe(1);
      const lowText = (await low.textContent()) ?? '';
      expect(lowText).toContain('Логистик Онлайн');
      expect(lowText).toContain('2 / 5 ⚠ низкая');
      expect(lowText).toContain('Канал дважды падал');
      expect(await low.getByTestId('survey-task').textContent()).toBe('задача менеджеру создана');
      const good = page.locator('[data-testid="survey-row"][data-low="false"]');
      const goodText = (await good.textContent()) ?? '';
      expect(goodText).toContain('Медиа Плюс');
      expect(goodText).toContain('5 / 5');
      expect(goodText).not.toContain('низкая');
      expect(await good.getByTestId('survey-task').count()).toBe(0);
      expect(await page.locator('.page-head').textContent()).toContain('Опросов: 2, ответов: 2, средняя оценка: 3,5');
    });

    const manager2 = await j.apiToken('manager2@rackdesk.local', DEMO_PASSWORD);
    const dealsPage = await j.api<{ items: Deal[] }>(manager2, 'GET', '/deals?outcome=all&limit=100');
    const games = dealsPage.items.find((d) => d.title.startsWith('Кластер игровых серверов'))!;
    expect(games).toMatchObject({ stage: 'negotiation', outcome: 'open' });
    const stageOfGames = async () => (await j.api<{ deal: Deal }>(manager2, 'GET', `/deals/${games.id}`)).deal.stage;

    await step('02-won-locked-keyboard', async () => {
      await j.login('manager2@rackdesk.local', DEMO_PASSWORD, '/#/pipeline');
      const won = page.getByTestId('col-won');
      await won.waitFor();
      expect(await won.getByTestId('col-won-hint').textContent()).toContain('Только через принятие КП');
      expect(await won.getAttribute('title')).toContain('только когда клиент принимает КП этой сделки');
      const card = page.getByTestId('col-negotiation').locator(`[data-deal="${games.id}"]`);
      await card.focus();
      // Alt+→ moves a card one stage along; from «Переговоры» the next one is «Выиграна»: refused, with the reason.
      await card.press('Alt+ArrowRight');
      await textOf(page.locator('[data-testid="toast"][data-kind="info"]'), 'только когда клиент принимает КП этой сделки');
      expect(await won.locator(`[data-deal="${games.id}"]`).count()).toBe(0);
      expect(await stageOfGames()).toBe('negotiation');
    });

    await step('03-won-locked-drag', async () => {
      const card = page.getByTestId('col-negotiation').locator(`[data-deal="${games.id}"]`);
      const toasts = page.locator('[data-testid="toast"][data-kind="info"]');
      const before = await toasts.count();
      await card.dragTo(page.getByTestId('col-won'));
      await expect.poll(() => toasts.count()).toBeGreaterThan(before);
      expect(await toasts.last().textContent()).toContain('по ссылке из письма или принятие на бумаге в карточке КП');
      expect(await page.getByTestId('col-won').locator(`[data-deal="${games.id}"]`).count()).toBe(0);
      await page.getByTestId('col-negotiation').locator(`[data-deal="${games.id}"]`).waitFor();
      expect(await stageOfGames()).toBe('negotiation');
      // The same drag into an open stage does move it: the drop itself works, only «Выиграна» is locked.
      await card.dragTo(page.getByTestId('col-proposal'));
      await page.getByTestId('col-proposal').locator(`[data-deal="${games.id}"]`).waitFor();
      expect(await stageOfGames()).toBe('proposal');
    });

    const orders = await j.api<{ items: OrderItem[] }>(director, 'GET', '/orders?limit=50');
    const unpaid = orders.items.find((o) => o.status === 'handed_off' && o.provisioning === 'waiting_payment')!;
    expect(unpaid).toBeTruthy();

    await step('04-handed-off-order-cancelled', async () => {
      await j.login('director@rackdesk.local', DEMO_PASSWORD, `/#/orders/${unpaid.id}`);
      await page.getByTestId('order-cancel-card').waitFor();
      expect(await page.getByTestId('order-status').textContent()).toBe('Передан в работу');
      expect(await page.getByTestId('order-invoice-credited').count()).toBe(0);
      await page.getByTestId('order-cancel-reason').fill('Клиент передумал до оплаты: проект закрыт');
      await page.getByTestId('order-cancel').click();
      await textOf(page.getByTestId('confirm-text'), 'корректировочный документ на всю сумму');
      await page.getByTestId('confirm-yes').click();
      await textOf(page.getByTestId('order-cancelled'), 'Клиент передумал до оплаты: проект закрыт');
      expect(await page.getByTestId('order-status').textContent()).toBe('Отменён');
      expect(await textOf(page.getByTestId('order-invoice-credited'), 'После корректировки к оплате')).toMatch(/: 0,00\s₽$/);
      expect(await page.getByTestId('order-cancel-card').count()).toBe(0);
      const view = await j.api<{ status: string; cancelledBy: string; invoice: { total: string | number; correctedTotal: string | number; paid: string | number }; provisioning: { status: string } }>(director, 'GET', `/orders/${unpaid.id}`);
      expect(view).toMatchObject({ status: 'cancelled', cancelledBy: 'Андрей Лебедев', provisioning: { status: 'cancelled' } });
      expect(Number(view.invoice.total)).toBeGreaterThan(0);
      expect(Number(view.invoice.correctedTotal)).toBe(0);
      expect(Number(view.invoice.paid)).toBe(0);
    });
    expect(pageErrors).toEqual([]);
  });
});
