import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { newId } from '../../domain/ids.ts';
import { formatInstant } from '../../domain/dates.ts';
import { AppError } from '../../domain/errors.ts';
import { LeadFormSchema } from '../../domain/crm/crm.schemas.ts';
import { createCompany } from '../parties/create-company.ts';
import { createContact } from '../parties/contacts.ts';
import { recordConsent } from '../parties/consents.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { inTransaction, parseInput, systemActor, type Ctx } from '../context.ts';
import { createDeal } from './deals.ts';

/** The active manager with the fewest open deals takes a website lead (management or admin when there is none). */
async function pickOwner(ctx: Ctx): Promise<string> {
  for (const roles of [['manager'], ['management', 'admin']]) {
    const r = await ctx.db.selectFrom('app_user as u').select('u.id')
      .select((eb) => eb.selectFrom('deal as d').whereRef('d.owner_id', '=', 'u.id').where('d.outcome', '=', 'open').select((e) => e.fn.countAll<string>().as('n')).as('open'))
      .where('u.active', '=', true).where('u.role', 'in', roles).orderBy('open').orderBy('u.created_at').limit(1).executeTakeFirst();
    if (r) return r.id;
  }
  throw new AppError('rule', 'e.crm.inactiveUser', { id: 'manager' });
}

/** How long the link that confirms advertising consent works. */
export const OPTIN_HOURS = 72;

const websiteCtx = (ctx: Ctx): Ctx => ({ ...ctx, actor: { ...systemActor, name: 'website' } });

/** The person behind an e-mail address: a contact that lists it (any case), with its company. */
async function contactByEmail(tx: Ctx, email: string) {
  return tx.db.selectFrom('contact').select(['id', 'company_id'])
    .where(sql<boolean>`EXISTS (SELECT 1 FROM unnest(emails) e WHERE lower(e) = ${email})`)
    .orderBy('created_at').limit(1).executeTakeFirst();
}

/**
 * A visitor's request from the website form: one transaction records the company (as a private person unless
 * an organization is named) and the contact — or finds them by the e-mail, so the same person writing twice
 * is one client —, the consent to personal data processing with the text version this server shows, the lead
 * (or the open website lead the person already has), and the inbound request itself, so answering it is a
 * reply, not advertising. Bad input creates nothing.
 *
 * Advertising by e-mail is double opt-in: the tick only sends a link to that address (`sendOptinLink`); the
 * consent is recorded when the link is opened (`confirmLeadOptin`). Without SMTP no link can go out and no
 * advertising consent is asked for.
 */
export async function submitLeadForm(ctx: Ctx, input: unknown, meta: { ip?: string } = {}): Promise<{ dealId: string; newDeal: boolean; optin: { token: string; email: string; expiresAt: Date } | null }> {
  const data = parseInput(LeadFormSchema, input);
  const email = data.email.toLowerCase();
  const textVersion = data.consentTextVersion ?? '';
  return inTransaction(websiteCtx(ctx), async (tx) => {
    // Two sends with one address at once are one client: they take turns here.
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`lead-form:${email}`}))`.execute(tx.db);
    const known = await contactByEmail(tx, email);
    const companyId = known?.company_id
      ?? (await createCompany(tx, { kind: 'individual', name: data.organization ?? data.name, roles: ['client'], email: data.email, ...(data.phone ? { phone: data.phone } : {}) })).id;
    const contactId = known?.id ?? (await createContact(tx, companyId, { fullName: data.name, emails: [data.email], phones: data.phone ? [data.phone] : [] })).id;
    const source = `website form${meta.ip ? ` (${meta.ip})` : ''}`;
    await recordConsent(tx, companyId, contactId, { channel: 'email', purpose: 'pd_processing', status: 'granted', source, textVersion });
    const open = await tx.db.selectFrom('deal').select('id').where('company_id', '=', companyId).where('source', '=', 'website_form')
      .where('outcome', '=', 'open').orderBy('created_at', 'desc').limit(1).executeTakeFirst();
    const dealId = open?.id ?? (await createDeal(tx, {
      title: data.organization ? `${data.organization}: заявка с сайта` : `${data.name}: заявка с сайта`,
      source: 'website_form', ownerId: await pickOwner(tx), companyId, contactId, serviceKind: data.serviceKind,
      parameters: data.message, utmSource: data.utmSource, utmMedium: data.utmMedium, utmCampaign: data.utmCampaign, utmContent: data.utmContent, utmTerm: data.utmTerm,
    })).id;
    const id = newId('ac');
    await tx.db.insertInto('activity').values({
      id, kind: 'email', direction: 'inbound', purpose: 'reply', deal_id: dealId, company_id: companyId, contact_id: contactId,
      owner_id: null, at: tx.now(), subject: 'Заявка с сайта', outcome: null, body: data.message, email_to: null, email_message_id: null,
    }).execute();
    let optin: { token: string; email: string; expiresAt: Date } | null = null;
    if (data.advertisingAccepted && ctx.services.mailer) {
      const token = `rdo_${randomBytes(24).toString('base64url')}`;
      const expiresAt = new Date(tx.now().getTime() + OPTIN_HOURS * 3_600_000);
      await tx.db.insertInto('lead_optin').values({ id: newId('lo'), token_hash: optinHash(token), company_id: companyId, contact_id: contactId, email, text_version: textVersion, expires_at: expiresAt, confirmed_at: null }).execute();
      optin = { token, email, expiresAt };
    }
    await writeAudit(tx, { entityType: 'activity', entityId: id, scopeId: companyId, action: 'website_form', after: { dealId, newDeal: !open, consentTextVersion: textVersion, advertisingLinkSent: Boolean(optin) } });
    return { dealId, newDeal: !open, optin };
  });
}

const optinHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** E-mails the confirmation link of a lead's advertising consent (after the lead is stored). */
export async function sendOptinLink(ctx: Ctx, optin: { token: string; email: string; expiresAt: Date }, url: string): Promise<void> {
  const mailer = ctx.services.mailer;
  if (!mailer) throw new AppError('not_configured', 'e.crm.noMailer');
  const until = formatInstant(optin.expiresAt, 'ru', ctx.timeZone);
  await mailer.send({
    to: optin.email,
    subject: 'Подтвердите согласие на рассылку',
    text: `Здравствуйте!\n\nВ форме на нашем сайте вы согласились получать рекламные и информационные письма на адрес ${optin.email}.\n`
      + `Чтобы подтвердить согласие, откройте ссылку (она действует до ${until} и только один раз):\n\n${url}\n\n`
      + 'Если вы не заполняли форму, просто проигнорируйте это письмо — без подтверждения мы не будем присылать рекламу.\n',
  });
}

/**
 * The link from the e-mail was opened: the advertising consent by e-mail is recorded now, with the text version
 * shown when the form was sent. A link works once and until it expires; an unknown one is not found.
 */
export async function confirmLeadOptin(ctx: Ctx, token: string): Promise<{ email: string }> {
  return inTransaction(websiteCtx(ctx), async (tx) => {
    const o = token.length <= 200
      ? await tx.db.selectFrom('lead_optin').selectAll().where('token_hash', '=', optinHash(token)).forUpdate().executeTakeFirst()
      : undefined;
    if (!o) throw new AppError('not_found', 'e.lead.optinUnknown');
    if (o.confirmed_at) throw new AppError('conflict', 'e.lead.optinUsed', { email: o.email });
    if (o.expires_at.getTime() <= tx.now().getTime()) throw new AppError('rule', 'e.lead.optinExpired', { email: o.email });
    await recordConsent(tx, o.company_id, o.contact_id, {
      channel: 'email', purpose: 'advertising', status: 'granted', source: `website form: confirmed by the link sent to ${o.email}`, textVersion: o.text_version,
    });
    await tx.db.updateTable('lead_optin').set({ confirmed_at: tx.now() }).where('id', '=', o.id).execute();
    await writeAudit(tx, { entityType: 'contact', entityId: o.contact_id, scopeId: o.company_id, action: 'advertising-optin.confirm', after: { optinId: o.id, textVersion: o.text_version } });
    return { email: o.email };
  });
}

/** The small page the confirmation link opens (Russian, like the form). */
export function optinPageHtml(message: string): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Подписка</title>
<style>body{font:16px system-ui,sans-serif;margin:0;padding:24px;max-width:40em}</style></head><body><p>${esc(message)}</p></body></html>`;
}

/** A small embeddable HTML form that posts to the public endpoint (Russian; the consent text version travels with it). */
export function leadFormHtml(opts: { action: string; consentTextVersion: string }): string {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Заявка</title>
<style>body{font:15px system-ui,sans-serif;margin:0;padding:12px}label{display:block;margin:8px 0 2px}input,select,textarea{width:100%;box-sizing:border-box;padding:6px}
.ck{display:flex;gap:6px;align-items:flex-start;margin-top:8px}.ck input{width:auto}.hp{position:absolute;left:-9999px}#msg{margin-top:10px}</style></head>
<body><form id="rdlead">
<label for="name">Имя *</label><input id="name" name="name" required maxlength="200">
<label for="organization">Организация</label><input id="organization" name="organization" maxlength="300">
<label for="email">E-mail *</label><input id="email" name="email" type="email" required maxlength="200">
<label for="phone">Телефон</label><input id="phone" name="phone" maxlength="40">
<label for="serviceKind">Услуга</label><select id="serviceKind" name="serviceKind"><option value="">—</option><option value="dedicated">Выделенный сервер</option><option value="colocation">Размещение оборудования</option><option value="vps">VPS</option><option value="internet">Доступ в интернет</option></select>
<label for="message">Сообщение</label><textarea id="message" name="message" rows="4" maxlength="5000"></textarea>
<input class="hp" name="website" tabindex="-1" autocomplete="off" aria-hidden="true">
<div class="ck"><input id="consent" type="checkbox" name="consentAccepted" required><label for="consent">Согласен(на) на обработку персональных данных (редакция ${esc(opts.consentTextVersion)}) *</label></div>
<div class="ck"><input id="adv" type="checkbox" name="advertisingAccepted"><label for="adv">Согласен(на) получать рекламные и информационные рассылки по e-mail</label></div>
<p><button type="submit">Отправить</button></p><div id="msg" role="status"></div></form>
<script>
(function(){var f=document.getElementById('rdlead'),m=document.getElementById('msg');var q=new URLSearchParams(location.search);
f.addEventListener('submit',function(e){e.preventDefault();var d={};new FormData(f).forEach(function(v,k){if(v!=='')d[k]=v;});
d.consentAccepted=f.consentAccepted.checked;d.advertisingAccepted=f.advertisingAccepted.checked;d.consentTextVersion=${JSON.stringify(opts.consentTextVersion)};
['utm_source','utm_medium','utm_campaign','utm_content','utm_term'].forEach(function(k){var v=q.get(k);if(v)d[k.replace(/_(\\w)/,function(_,c){return c.toUpperCase();})]=v;});
fetch(${JSON.stringify(opts.action)},{method:'POST',headers:{'content-type':'application/json','accept-language':'ru'},body:JSON.stringify(d)})
.then(function(r){return r.json().then(function(b){return{ok:r.ok,b:b};});}).then(function(x){if(x.ok){f.reset();m.textContent='Спасибо! Мы свяжемся с вами.'+(x.b.confirmationSent?' Чтобы получать рассылку, подтвердите согласие по ссылке из письма.':'');}
else{m.textContent=(x.b.detail||'Ошибка')+(x.b.errors?': '+x.b.errors.map(function(e){return e.message;}).join('; '):'');}});});})();
</script></body></html>`;
}
