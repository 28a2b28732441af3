import type { IsoDate } from '../dates.ts';
import { addDays } from '../billing/billing.ts';
import { isWorkingDay } from '../crm/day.ts';

/** Order life: taken from an accepted proposal, handed off, provisioned, active from the agreed date. */
export const orderStatuses = ['new', 'handed_off', 'provisioned', 'active', 'cancelled'] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const priorities = ['low', 'normal', 'high', 'urgent'] as const;
export type Priority = (typeof priorities)[number];
/** Queue weight: urgent first. */
export const priorityRank: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

/** Signing steps of a contract (or appendix), in order; each step only forward. */
export const signingSteps = ['prepared', 'sent', 'client_signed', 'signed', 'archived'] as const;
export type SigningStep = (typeof signingSteps)[number];
export const signingChannels = ['in_person', 'courier', 'mail', 'edo'] as const;
export type SigningChannel = (typeof signingChannels)[number];
/** Courier and mail deliveries carry a tracking text (waybill, РПО number). */
/**
 * May an order be cancelled in this status? A new order (not handed off) by whoever takes orders; a handed-off
 * order while the tech department has not completed provisioning — none of its services has started, so its
 * services are closed before their first day, its billed lines credited to zero and its provisioning request
 * cancelled (flows/order-cancel.ts). Once provisioning is done the work is rendered: the services are closed in
 * billing instead. Returns the refusal's message key, or null. Twin: sales_order_guard (RD303: «new» or
 * «handed_off» → «cancelled»), sales_order_cancel (RD331 reason, RD332 frozen), sales_order_cancel_settled (RD333–RD335).
 */
export function cancelRefusal(status: OrderStatus): 'e.order.cancelled' | 'e.order.cancelAfterProvisioning' | null {
  if (status === 'cancelled') return 'e.order.cancelled';
  return status === 'new' || status === 'handed_off' ? null : 'e.order.cancelAfterProvisioning';
}

/** Who may cancel: before the hand-off whoever takes orders; after it (billing and the tech department are involved) management. */
export const cancelPermission = (status: OrderStatus): 'order.write' | 'order.cancel' => (status === 'new' ? 'order.write' : 'order.cancel');

export const channelNeedsTracking = (c: SigningChannel): boolean => c === 'courier' || c === 'mail';

export function nextSigningStep(s: SigningStep): SigningStep | null {
  const i = signingSteps.indexOf(s);
  return i < signingSteps.length - 1 ? signingSteps[i + 1]! : null;
}

/** «cancelled»: the order was cancelled before the work was done. */
export const provisioningStatuses = ['waiting_payment', 'ready', 'in_progress', 'done', 'cancelled'] as const;
export type ProvisioningStatus = (typeof provisioningStatuses)[number];

export const delayResponsibles = ['tech', 'client', 'supplier', 'sales', 'accounting'] as const;
export type DelayResponsible = (typeof delayResponsibles)[number];

/**
 * Adds `n` working days to a date: weekends and the business calendar's non-working dates are skipped.
 * `n = 0` gives the date itself (even when it is a day off: nothing has to be done on it).
 */
export function addWorkingDays(from: IsoDate, n: number, holidays: ReadonlySet<string>): IsoDate {
  let d = from;
  let left = n;
  while (left > 0) {
    d = addDays(d, 1);
    if (isWorkingDay(d) && !holidays.has(d)) left--;
  }
  return d;
}

/** Working days from `from` (exclusive) to `to` (inclusive); negative when `to` is earlier. */
export function workingDaysBetween(from: IsoDate, to: IsoDate, holidays: ReadonlySet<string>): number {
  if (to === from) return 0;
  const sign = to > from ? 1 : -1;
  const [a, b] = sign > 0 ? [from, to] : [to, from];
  let n = 0;
  for (let d = addDays(a, 1); d <= b; d = addDays(d, 1)) if (isWorkingDay(d) && !holidays.has(d)) n++;
  return n * sign;
}

/** What the tech department ticks off for each kind of service before it is handed to the client. */
export const checklists: Record<string, { ru: string; en: string }[]> = {
  dedicated: [
    { ru: 'Сервер собран и протестирован (память, диски)', en: 'Server assembled and burn-in tested (memory, disks)' },
    { ru: 'Установлен в стойку, питание A/B подключено', en: 'Racked, A/B power connected' },
    { ru: 'Порт коммутатора и IP-адреса настроены', en: 'Switch port and IP addresses configured' },
    { ru: 'ОС установлена, доступ IPMI выдан', en: 'OS installed, IPMI access issued' },
    { ru: 'Доступы переданы клиенту', en: 'Credentials handed to the client' },
  ],
  colocation: [
    { ru: 'Юниты в стойке подготовлены', en: 'Rack units prepared' },
    { ru: 'Питание выделено и промаркировано', en: 'Power allocated and labelled' },
    { ru: 'Порт и IP-адреса настроены', en: 'Port and IP addresses configured' },
    { ru: 'Пропуск для клиента оформлен', en: 'Client access pass issued' },
  ],
  vps: [
    { ru: 'Виртуальная машина создана на узле', en: 'Virtual machine created on the host' },
    { ru: 'IP-адреса назначены', en: 'IP addresses assigned' },
    { ru: 'Доступы переданы клиенту', en: 'Credentials handed to the client' },
  ],
  internet: [
    { ru: 'Канал до клиента построен', en: 'Channel to the client built' },
    { ru: 'Полоса и IP-адреса настроены', en: 'Bandwidth and IP addresses configured' },
    { ru: 'Канал протестирован с клиентом', en: 'Channel tested with the client' },
  ],
};

/** Checklist of an order: each kind's items once, in the order the kinds first appear. */
export function checklistFor(kinds: readonly string[]): { ru: string; en: string }[] {
  return [...new Set(kinds)].flatMap((k) => checklists[k] ?? []);
}

/** Start date the tech department proposes on completion: the next working day after it finished. */
export const proposedStartAfter = (doneOn: IsoDate, holidays: ReadonlySet<string>): IsoDate => addWorkingDays(doneOn, 1, holidays);
