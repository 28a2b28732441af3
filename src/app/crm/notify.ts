import { dateInZone, formatDate } from '../../domain/dates.ts';
import { translate } from '../../domain/messages.ts';
import { isBusinessDay } from './settings.ts';
import type { Ctx } from '../context.ts';
import { buildSummary, missingStatus, summaryMarkdown } from './daily.ts';

/** Claims a notice slot; false when it was sent already (so a second run sends nothing twice). */
async function claim(ctx: Ctx, kind: string, key: string): Promise<boolean> {
  const r = await ctx.db.insertInto('crm_notice').values({ kind, key }).onConflict((oc) => oc.doNothing()).returning('key').executeTakeFirst();
  return Boolean(r);
}

async function release(ctx: Ctx, kind: string, key: string): Promise<void> {
  await ctx.db.deleteFrom('crm_notice').where('kind', '=', kind).where('key', '=', key).execute();
}

/**
 * The end-of-day job: each manager gets the deals still lacking today's status plus the daily summary;
 * management gets the team's. Idempotent per manager and day. Returns how many e-mails went out.
 */
export async function runEndOfDay(ctx: Ctx, payload: { date?: string } = {}): Promise<{ sent: number; managers: number }> {
  const date = payload.date ?? dateInZone(ctx.now(), ctx.timeZone);
  if (!payload.date && !(await isBusinessDay(ctx.db, date))) return { sent: 0, managers: 0 };
  const mailer = ctx.services.mailer;
  const all = await missingStatus(ctx.db, date, ctx.timeZone, null);
  const managers = await ctx.db.selectFrom('app_user as u').select(['u.id', 'u.email', 'u.full_name', 'u.locale', 'u.role'])
    .where('u.active', '=', true)
    .where((eb) => eb.or([eb('u.role', 'in', ['management']), eb.exists(eb.selectFrom('deal as d').select('d.id').whereRef('d.owner_id', '=', 'u.id').where('d.outcome', '=', 'open'))]))
    .orderBy('u.id').execute();
  let sent = 0;
  if (!mailer) return { sent, managers: managers.length };
  for (const m of managers) {
    const team = m.role === 'management';
    const items = team ? all : all.filter((x) => x.ownerId === m.id);
    const key = `${m.id}|${date}`;
    if (!(await claim(ctx, 'eod', key))) continue;
    const locale = m.locale === 'en' ? 'en' : 'ru';
    try {
      const summary = await buildSummary(ctx.db, date, ctx.timeZone, team ? null : m.id, locale);
      const list = items.length
        ? [translate(locale, 'crm.eod.intro'), ...items.map((x) => `- ${x.kind === 'deal' ? `${x.title} — ${x.companyName}` : `${x.companyName} — ${translate(locale, 'crm.sum.client')}`}${team ? ` (${x.ownerName})` : ''}`)].join('\n')
        : translate(locale, 'crm.eod.none');
      await mailer.send({
        to: m.email,
        subject: translate(locale, 'crm.eod.subject', { date: formatDate(date, locale), count: items.length }),
        text: `${list}\n\n${summaryMarkdown(summary, locale, ctx.timeZone)}`,
      });
      sent++;
    } catch (e) {
      await release(ctx, 'eod', key);
      throw e;
    }
  }
  return { sent, managers: managers.length };
}

/** Sends due task reminders by e-mail, each once; the in-app reminder is the task list's `reminderDue`. */
export async function runTaskReminders(ctx: Ctx): Promise<{ sent: number }> {
  const mailer = ctx.services.mailer;
  if (!mailer) return { sent: 0 };
  const due = await ctx.db.selectFrom('task as t').innerJoin('app_user as u', 'u.id', 't.assignee_id')
    .select(['t.id', 't.title', 't.due_date', 'u.email', 'u.locale'])
    .where('t.done_at', 'is', null).where('t.reminded_at', 'is', null).where('t.remind_at', '<=', ctx.now()).orderBy('t.remind_at').limit(500).execute();
  let sent = 0;
  for (const t of due) {
    // Claim first: another instance running the same slot skips what is claimed.
    const claimed = await ctx.db.updateTable('task').set({ reminded_at: ctx.now() }).where('id', '=', t.id).where('reminded_at', 'is', null).returning('id').executeTakeFirst();
    if (!claimed) continue;
    const locale = t.locale === 'en' ? 'en' : 'ru';
    try {
      await mailer.send({
        to: t.email, subject: translate(locale, 'crm.reminder.subject', { title: t.title }),
        text: translate(locale, 'crm.reminder.body', { title: t.title, due: formatDate(t.due_date, locale) }),
      });
      sent++;
    } catch (e) {
      await ctx.db.updateTable('task').set({ reminded_at: null }).where('id', '=', t.id).execute();
      throw e;
    }
  }
  return { sent };
}
